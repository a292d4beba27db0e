import { mkdirSync, writeFileSync } from 'node:fs';
import { writePrivateFile } from '../config/private-files.js';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface DevCertificatePaths {
  readonly certFile: string;
  readonly keyFile: string;
}

const VALIDITY_DAYS = 30;

/** Writes a self-signed ECDSA P-256 pair for localhost; short-lived so it is never mistaken for a real one. */
export async function writeDevCertificate(directory: string): Promise<DevCertificatePaths> {
  const notBeforeDate = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALIDITY_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const paths = {
    certFile: join(directory, 'dev-cert.pem'),
    keyFile: join(directory, 'dev-key.pem'),
  };
  writeFileSync(paths.certFile, pems.cert);
  writePrivateFile(paths.keyFile, pems.private);
  return paths;
}
