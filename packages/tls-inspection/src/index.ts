export {
  daysUntil,
  pemCertificateExpiry,
  summarizeCertificate,
  type CertificateSummary,
} from './certificate.js';
export { isForwardSecretAead } from './cipher-suites.js';
export {
  inspectTls,
  PROTOCOLS,
  type InspectTlsOptions,
  type TlsInspection,
  type TlsProtocol,
} from './inspect-tls.js';
export { formatInspection } from './format-inspection.js';
export { judgeInspection, type TlsFindings } from './judge-inspection.js';
