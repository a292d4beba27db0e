import type { TlsInspection } from './inspect-tls.js';
import { PROTOCOLS } from './inspect-tls.js';

/** The inspection as lines for a terminal or a CI log. */
export function formatInspection(inspection: TlsInspection): string {
  const lines = [`${inspection.host}:${String(inspection.port)}`, 'chain (leaf first):'];
  inspection.chain.forEach((certificate, index) => {
    lines.push(
      `  ${String(index)} ${certificate.subject}`,
      `    issuer ${certificate.issuer}`,
      `    valid ${certificate.validFrom} → ${certificate.validTo} (${String(certificate.daysLeft)} days left)`,
      `    sha256 ${certificate.fingerprint256}`,
    );
  });
  lines.push(
    `trust: ${inspection.chainError ?? 'chain valid'}; ${inspection.hostnameError ?? 'host name matches'}`,
    `protocols: ${PROTOCOLS.map((version) => `${version} ${inspection.protocols[version] ? 'on' : 'off'}`).join(', ')}`,
    `suites: ${inspection.suites.join(', ')}`,
    `weak suites: ${inspection.weakSuites.length === 0 ? 'none' : inspection.weakSuites.join(', ')}`,
  );
  return lines.join('\n');
}
