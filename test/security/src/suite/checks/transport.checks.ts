import { judgeInspection, type TlsInspection } from '@bulwark/tls-inspection';
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
    (inspection, context) => verdictOf(judgeInspection(inspection, context.minDays).protocols),
  ),
  transportCheck(
    'transport.cipher-suites',
    'Every accepted cipher suite is forward-secret AEAD',
    ['ASVS 5.0 12.1.2', 'API8:2023'],
    (inspection, context) => verdictOf(judgeInspection(inspection, context.minDays).cipherSuites),
  ),
  transportCheck(
    'transport.certificate',
    'The certificate chain is trusted and names the host',
    ['ASVS 5.0 12.2.2', 'API8:2023'],
    (inspection, context) => verdictOf(judgeInspection(inspection, context.minDays).certificate),
  ),
  transportCheck(
    'transport.certificate-expiry',
    'The certificate has more days left than the threshold (--min-days)',
    ['ASVS 5.0 12.2.2', 'API8:2023'],
    (inspection, context) =>
      verdictOf(
        judgeInspection(inspection, context.minDays).expiry.map(
          (finding) => `${finding}: renew (docs/runbooks/certificates.md)`,
        ),
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
