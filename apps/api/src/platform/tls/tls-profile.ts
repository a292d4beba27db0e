import type { ServerOptions } from 'node:https';
import type { TlsFiles } from '../http/http.config.js';
import { readConfiguredFile } from '../config/private-files.js';

/**
 * Mozilla's "intermediate" server profile: TLS 1.2 and 1.3 only, forward-secret AEAD suites.
 * TLS 1.3 suites are Node's defaults, which match the profile; the 1.2 list is its ECDHE subset
 * (Node offers no finite-field DHE without explicit parameters).
 */
export const MOZILLA_INTERMEDIATE = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.3',
  ciphers: [
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
    'ECDHE-ECDSA-CHACHA20-POLY1305',
    'ECDHE-RSA-CHACHA20-POLY1305',
  ].join(':'),
  ecdhCurve: 'X25519:prime256v1:secp384r1',
  honorCipherOrder: false,
} as const satisfies ServerOptions;

/** The certificate chain and key as configured, read now. */
export function readTlsPair(files: TlsFiles): { cert: Buffer; key: Buffer } {
  return {
    cert: readConfiguredFile(files.certFile, 'TLS_CERT_FILE'),
    key: readConfiguredFile(files.keyFile, 'TLS_KEY_FILE'),
  };
}

export function tlsServerOptions(files: TlsFiles): ServerOptions {
  return { ...MOZILLA_INTERMEDIATE, ...readTlsPair(files) };
}
