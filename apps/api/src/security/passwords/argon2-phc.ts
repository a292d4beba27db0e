/** Argon2 parameters as read from, or written to, a PHC string. */
export interface Argon2Parameters {
  readonly algorithm: string;
  /** 19 (0x13) for Argon2 1.3; strings without `v=` are 1.0 (16). */
  readonly version: number;
  readonly memoryKib: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const ARGON2_VERSION = 0x13;

const PHC = /^\$(argon2(?:id|i|d))(?:\$v=(\d+))?\$([^$]+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** Reads the parameters of an Argon2 PHC string, in any parameter order; undefined when it is not one. */
export function parseArgon2Phc(phc: string): Argon2Parameters | undefined {
  const match = PHC.exec(phc);
  if (match === null) {
    return undefined;
  }
  const [, algorithm = '', version = '16', list = ''] = match;
  const params = new Map<string, string>();
  for (const pair of list.split(',')) {
    const [key = '', value = ''] = pair.split('=');
    params.set(key, value);
  }
  const integer = (key: string): number | undefined => {
    const value = params.get(key);
    return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
  };
  const memoryKib = integer('m');
  const timeCost = integer('t');
  const parallelism = integer('p');
  if (memoryKib === undefined || timeCost === undefined || parallelism === undefined) {
    return undefined;
  }
  return { algorithm, version: Number(version), memoryKib, timeCost, parallelism };
}
