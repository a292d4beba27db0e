import { readFileSync } from 'node:fs';
import { formatInspection, inspectTls, judgeInspection } from '@bulwark/tls-inspection';
import { Command, CommandRunner, Option } from 'nest-commander';

interface TlsCheckOptions {
  readonly minDays?: number;
  readonly ca?: string;
}

const DEFAULT_MIN_DAYS = 30;
const HOST_PORT = /^(?:\[(?<ipv6>[^\]]+)\]|(?<host>[^:[\]]+))(?::(?<port>\d{1,5}))?$/;

/** `host`, `host:port` or `[ipv6]:port`; the port defaults to 443. */
export function parseHostPort(value: string): { host: string; port: number } {
  const match = HOST_PORT.exec(value);
  const host = match?.groups?.ipv6 ?? match?.groups?.host;
  const port = Number(match?.groups?.port ?? 443);
  if (host === undefined || port < 1 || port > 65_535) {
    throw new Error(`${value}: expected host:port, e.g. api.example.com:443`);
  }
  return { host, port };
}

@Command({
  name: 'tls:check',
  arguments: '<host:port>',
  description:
    'Print the chain, expiry, protocols and suites of a TLS endpoint; exit 1 under --min-days or off the Mozilla intermediate profile',
})
export class TlsCheckCommand extends CommandRunner {
  async run([target = '']: string[], options: TlsCheckOptions = {}): Promise<void> {
    const minDays = options.minDays ?? DEFAULT_MIN_DAYS;
    const inspection = await inspectTls({
      ...parseHostPort(target),
      ...(options.ca === undefined ? {} : { ca: readFileSync(options.ca, 'utf8') }),
    });
    process.stdout.write(`${formatInspection(inspection)}\n`);
    const problems = Object.values(judgeInspection(inspection, minDays)).flat();
    if (problems.length > 0) {
      throw new Error(
        `tls:check failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
      );
    }
    process.stdout.write(
      `ok: ${String(inspection.daysLeft)} days left (threshold ${String(minDays)})\n`,
    );
  }

  @Option({
    flags: '--min-days <n>',
    description: `fail when the certificate has this many days left or fewer (default ${String(DEFAULT_MIN_DAYS)})`,
  })
  parseMinDays(value: string): number {
    const days = Number(value);
    if (!Number.isSafeInteger(days) || days < 0) {
      throw new Error('--min-days: a whole number of days, 0 or more');
    }
    return days;
  }

  @Option({ flags: '--ca <file>', description: 'extra trust anchors (PEM), for a private CA' })
  parseCa(value: string): string {
    return value;
  }
}
