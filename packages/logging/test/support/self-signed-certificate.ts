import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TlsIdentity {
  readonly certPath: string;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** A self-signed P-256 certificate for localhost and 127.0.0.1, made with openssl into `dir`. */
export function createSelfSignedCertificate(dir: string, name: string): TlsIdentity {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  return { certPath, cert: readFileSync(certPath), key: readFileSync(keyPath) };
}
