import { resolve } from 'node:path';
import type { Env } from '../config/env.schema.js';

export type FileStoreConfig =
  | { readonly kind: 'local'; readonly directory: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly prefix: string;
      readonly region: string;
      readonly endpoint: string | undefined;
      readonly kmsKeyId: string | undefined;
    };

/** A private directory under DATA_DIR unless FILE_STORE=s3. */
export function fileStoreConfigFrom(env: Env, dataDir: string): FileStoreConfig {
  if (env.FILE_STORE === 'local') {
    return { kind: 'local', directory: resolve(dataDir, env.FILE_STORE_DIR ?? 'files') };
  }
  return {
    kind: 's3',
    bucket: env.FILE_STORE_S3_BUCKET ?? '',
    prefix: env.FILE_STORE_S3_PREFIX,
    region: env.FILE_STORE_S3_REGION,
    endpoint: env.FILE_STORE_S3_ENDPOINT,
    kmsKeyId: env.FILE_STORE_S3_KMS_KEY_ID,
  };
}

export function fileStoreConfigViolations(env: Env): string[] {
  return env.FILE_STORE === 's3' && env.FILE_STORE_S3_BUCKET === undefined
    ? ['FILE_STORE_S3_BUCKET: required when FILE_STORE=s3']
    : [];
}
