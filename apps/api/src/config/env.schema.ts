import { isIP } from 'node:net';
import { z } from 'zod';

const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const origin = z.string().refine((value) => {
  if (value === '*') {
    return true;
  }
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}, 'must be "*" or origins like https://app.example.com (scheme, host, optional port; no path)');

const cidr = z.string().refine((value) => {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) {
    return false;
  }
  if (prefix === undefined) {
    return true;
  }
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}, 'must be IP addresses or CIDR ranges');

/** `<kid>:<base64 of 32 bytes>` pairs, comma-separated; the first one is active for writes. */
const keyList = z.string().refine(
  (value) =>
    value.split(',').every((entry) => {
      const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/]{43}=)$/.exec(entry.trim());
      return match !== null && isRandomLooking(Buffer.from(match[2] ?? '', 'base64'));
    }),
  'must be comma-separated <kid>:<base64 of 32 random bytes> entries (pnpm cli keys:generate)',
);

/** Catches placeholder keys (all zeros, repeated patterns) that a copied example would carry. */
function isRandomLooking(key: Buffer): boolean {
  return key.length === 32 && new Set(key).size >= 16;
}

/**
 * Every environment variable the API reads, declared once. Names are the contract with operators:
 * README.md documents each one.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  UNSAFE_LOG_REQUEST_BODIES: z.stringbool().default(false),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),

  CORS_ORIGINS: z.pipe(csv, z.array(origin)),
  TRUSTED_PROXIES: z.pipe(csv, z.array(cidr)),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),

  BODY_LIMIT_BYTES: positiveInt(100 * 1024),
  REQUEST_TIMEOUT_MS: positiveInt(30_000),
  HEADERS_TIMEOUT_MS: positiveInt(10_000),
  KEEP_ALIVE_TIMEOUT_MS: positiveInt(5_000),
  MAX_HEADER_BYTES: positiveInt(16 * 1024),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),

  FIELD_ENCRYPTION_KEYS: keyList.optional(),
  BLIND_INDEX_KEYS: keyList.optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Secrets that development may generate into DATA_DIR and production must be given. */
export const GENERATED_SECRETS = ['FIELD_ENCRYPTION_KEYS', 'BLIND_INDEX_KEYS'] as const;
export type GeneratedSecret = (typeof GENERATED_SECRETS)[number];
