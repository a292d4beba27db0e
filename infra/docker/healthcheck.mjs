// The API image's HEALTHCHECK (Dockerfile): distroless has no shell and no curl, so Node itself
// asks GET /health/live on the loopback interface. Exit status 0 is healthy, 1 unhealthy.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { rootCertificates } from 'node:tls';

const TIMEOUT_MS = 3_000;
const target = { host: '127.0.0.1', port: Number(process.env.PORT ?? 3000), path: '/health/live' };
const certFile = process.env.TLS_CERT_FILE;

function probe() {
  if (certFile === undefined) {
    return httpGet({ ...target, timeout: TIMEOUT_MS });
  }
  // With native TLS the server must present the certificate of TLS_CERT_FILE, verified against the
  // public roots and the CA certificates in that file: checking the identity of our own
  // certificate replaces the host name check, which a loopback address cannot pass.
  const pem = readFileSync(certFile);
  const expected = new X509Certificate(pem).fingerprint256;
  return httpsGet({
    ...target,
    timeout: TIMEOUT_MS,
    ca: [...rootCertificates, pem.toString()],
    checkServerIdentity: (_host, certificate) =>
      certificate.fingerprint256 === expected
        ? undefined
        : new Error('the server presented another certificate than TLS_CERT_FILE'),
  });
}

const request = probe();
request.on('response', (response) => {
  response.resume();
  process.exitCode = response.statusCode === 200 ? 0 : 1;
});
request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
request.on('error', (error) => {
  process.stderr.write(`unhealthy: ${error.message}\n`);
  process.exitCode = 1;
});
