import type { Finding } from './findings.js';

export type ZapRulesRule = 'zap-rules-documented';

const ACTIONS = new Set(['IGNORE', 'INFO', 'WARN', 'FAIL']);

/**
 * The ZAP scan's rules file (`<plugin id>\t<IGNORE|INFO|WARN|FAIL>\t<name>`, `#` comments): every
 * ignored alert has a comment above it saying why, and no rule is listed twice.
 */
export function checkZapRules(text: string, file: string): Finding<ZapRulesRule>[] {
  const findings: Finding<ZapRulesRule>[] = [];
  const report = (message: string): void => {
    findings.push({ rule: 'zap-rules-documented', file, message });
  };
  const seen = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.startsWith('#')) {
      return;
    }
    const [id = '', action = '', name = ''] = line.split('\t');
    if (!/^\d+$/.test(id) || !ACTIONS.has(action) || name.trim() === '') {
      report(`line ${index + 1}: not "<id>\\t<IGNORE|INFO|WARN|FAIL>\\t<name>"`);
      return;
    }
    if (seen.has(id)) {
      report(`line ${index + 1}: rule ${id} is listed twice`);
    }
    seen.add(id);
    const reason = lines[index - 1] ?? '';
    if (action === 'IGNORE' && !/^#\s*\S/.test(reason)) {
      report(`line ${index + 1}: ${name} is ignored without a comment above it saying why`);
    }
  });
  return findings;
}
