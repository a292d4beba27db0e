import { HardenPublicSchema1764100000000 } from './1764100000000-harden-public-schema.js';

/** Every migration, in order. Listed explicitly: ESM has no reliable glob import. */
export const migrations = [HardenPublicSchema1764100000000];
