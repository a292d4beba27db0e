import { HardenPublicSchema1764100000000 } from './1764100000000-harden-public-schema.js';
import { CreateUsers1764200000000 } from './1764200000000-create-users.js';
import { CreateAuditEvents1764300000000 } from './1764300000000-create-audit-events.js';
import { CreateIdentity1764400000000 } from './1764400000000-create-identity.js';
import { CreateMfa1764500000000 } from './1764500000000-create-mfa.js';
import { CreateNotes1764600000000 } from './1764600000000-create-notes.js';
import { CreateAuthorization1764700000000 } from './1764700000000-create-authorization.js';
import { AuditGroupCommit1764800000000 } from './1764800000000-audit-group-commit.js';
import { CredentialVersion1765000000000 } from './1765000000000-credential-version.js';
import { AuditKeyedChain1765100000000 } from './1765100000000-audit-keyed-chain.js';
import { RuntimeRole1765110000000 } from './1765110000000-runtime-role.js';
import { CreatePasskeys1765200000000 } from './1765200000000-create-passkeys.js';
import { CreateAttachments1765220000000 } from './1765220000000-create-attachments.js';

/** Every migration, in order. Listed explicitly: ESM has no reliable glob import. */
export const migrations = [
  HardenPublicSchema1764100000000,
  CreateUsers1764200000000,
  CreateAuditEvents1764300000000,
  CreateIdentity1764400000000,
  CreateMfa1764500000000,
  CreateNotes1764600000000,
  CreateAuthorization1764700000000,
  AuditGroupCommit1764800000000,
  CredentialVersion1765000000000,
  AuditKeyedChain1765100000000,
  // Its grants cover the tables created before it, its default privileges those created after.
  RuntimeRole1765110000000,
  CreatePasskeys1765200000000,
  CreateAttachments1765220000000,
];
