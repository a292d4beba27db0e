import { describe } from '../../findings.js';
import { fuzz } from '../../fuzzer.js';
import { skip, verdictOf, type Check } from '../check.js';

export const INPUT_CHECKS: readonly Check[] = [
  {
    id: 'input.fuzzer',
    group: 'Input',
    title:
      'The OpenAPI-driven fuzzer finds no 5xx, no error outside problem+json, no hang (--budget requests per operation)',
    references: ['ASVS 5.0 2.2.1', 'ASVS 5.0 4.2.1', 'ASVS 5.0 16.5.1', 'API4:2023', 'API8:2023'],
    run: async (context) => {
      if (context.budget === 0) {
        return skip('not applicable: --budget 0');
      }
      const report = await fuzz({
        target: context.target.url,
        ...(context.target.ca === undefined ? {} : { ca: context.target.ca }),
        document: context.document,
        seed: context.seed,
        budget: context.budget,
        slowMs: context.slowMs,
        bodyLimitBytes: context.bodyLimitBytes,
        ...(context.accounts === undefined ? {} : { user: context.accounts.owner }),
        ...(context.admin === undefined ? {} : { admin: context.admin }),
      });
      return verdictOf(
        report.findings.map(describe),
        `${String(report.requests)} requests to ${String(report.operations)} operations (seed ${String(context.seed)})`,
      );
    },
  },
];
