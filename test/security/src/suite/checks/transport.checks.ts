import type { TlsInspection } from '@bulwark/tls-inspection';
import { call } from '../../http-client.js';
import { skip, verdictOf, type Check, type Verdict } from '../check.js';
import type { SuiteContext } from '../suite-context.js';

// A year, as ASVS 3.4.1 and the HSTS preload list ask.
const HSTS_MIN_MAX_AGE = 31_536_000;

function transportCheck(
  id: string,
  title: string,
  references: readonly string[],
  judge: (inspection: TlsInspection, context: SuiteContext) => Promise<Verdict> | Verdict,
): Check {
  return {
    id,
    group: 'Transport',
    title,
    references,
    run: async (context) => {
      const inspection = await context.tls();
      return inspection === undefined
        ? skip('not applicable: the target is plain http (point the suite at the https URL)')
        : judge(inspection, context);
    },
  };
}

export const TRANSPORT_CHECKS: readonly Check[] = [
  transportCheck(
    'transport.protocols',
    'Only TLS 1.2 and TLS 1.3 are accepted',
    ['ASVS 5.0 12.1.1', 'API8:2023'],
    (inspection) =>
      verdictOf([
        ...(['TLSv1', 'TLSv1.1'] as const)
          .filter((version) => inspection.protocols[version])
          .map((version) => `${version} handshake accepted`),
        ...(inspection.protocols['TLSv1.2'] || inspection.protocols['TLSv1.3']
          ? []
          : ['neither TLS 1.2 nor TLS 1.3 accepted']),
      ]),
  ),
  transportCheck(
    'transport.cipher-suites',
    'Every accepted cipher suite is forward-secret AEAD',
    ['ASVS 5.0 12.1.2', 'API8:2023'],
    (inspection) =>
      verdictOf(inspection.weakSuites.map((suite) => `weak suite accepted: ${suite}`)),
  ),
  transportCheck(
    'transport.certificate',
    'The certificate chain is trusted and names the host',
    ['ASVS 5.0 12.2.2', 'API8:2023'],
    (inspection) =>
      verdictOf([
        ...(inspection.chainError === undefined ? [] : [`chain: ${inspection.chainError}`]),
        ...(inspection.hostnameError === undefined ? [] : [inspection.hostnameError]),
      ]),
  ),
  transportCheck(
    'transport.certificate-expiry',
    'The certificate has more days left than the threshold (--min-days)',
    ['ASVS 5.0 12.2.2', 'API8:2023'],
    (inspection, context) =>
      verdictOf(
        inspection.daysLeft > context.minDays
          ? []
          : [
              `${String(inspection.daysLeft)} days left, threshold ${String(context.minDays)}: renew (docs/runbooks/certificates.md)`,
            ],
        `${String(inspection.daysLeft)} days left`,
      ),
  ),
  transportCheck(
    'transport.hsts',
    'Strict-Transport-Security of at least a year on answers over https',
    ['ASVS 5.0 3.4.1', 'API8:2023'],
    async (_inspection, context) => {
      const answer = await call(context.target, 'GET', '/health/live');
      const header = answer.headers.get('strict-transport-security');
      const maxAge = Number(/max-age=(\d+)/i.exec(header ?? '')?.[1] ?? Number.NaN);
      return verdictOf(
        header === undefined
          ? ['no Strict-Transport-Security header']
          : maxAge >= HSTS_MIN_MAX_AGE
            ? []
            : [`Strict-Transport-Security "${header}": max-age under ${String(HSTS_MIN_MAX_AGE)}`],
      );
    },
  ),
];
