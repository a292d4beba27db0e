import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { writeTestCertificates } from './test-certificates.js';

/** One record of the collector's output file: the syslog MSGID and the JSON line it carried. */
export interface SinkRecord {
  readonly msgId: string;
  readonly raw: string;
  readonly json: Record<string, unknown> | undefined;
}

/** A real rsyslog listening with TLS (gtls driver) on loopback, writing each record on one line. */
export interface RsyslogCollector {
  readonly port: number;
  readonly caFile: string;
  readonly outputFile: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  text(): string;
  records(): SinkRecord[];
  waitFor(match: (record: SinkRecord) => boolean, timeoutMs?: number): Promise<SinkRecord>;
}

export async function createRsyslogCollector(dir: string): Promise<RsyslogCollector> {
  const { caFile, certFile, keyFile } = writeTestCertificates(dir);
  const port = await freePort();
  const outputFile = join(dir, 'collected.log');
  const configFile = join(dir, 'rsyslog.conf');
  // Control characters are NOT escaped on receive, so any that reached rsyslog would split a record.
  writeFileSync(
    configFile,
    `global(
  workDirectory="${dir}"
  defaultNetstreamDriver="gtls"
  defaultNetstreamDriverCAFile="${caFile}"
  defaultNetstreamDriverCertFile="${certFile}"
  defaultNetstreamDriverKeyFile="${keyFile}"
  parser.escapeControlCharactersOnReceive="off"
  maxMessageSize="64k"
)
module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
template(name="record" type="string" string="%msgid% %msg%\\n")
# Only what arrives over TLS: rsyslog's own messages stay out of the file.
ruleset(name="remote") {
  action(type="omfile" file="${outputFile}" template="record")
}
input(type="imtcp" address="127.0.0.1" port="${port}" ruleset="remote")
`,
  );
  let daemon: ChildProcess | undefined;
  const text = (): string => (existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : '');
  const records = (): SinkRecord[] =>
    text()
      .split('\n')
      .filter((line) => line !== '')
      .map(parseRecord);
  return {
    port,
    caFile,
    outputFile,
    text,
    records,
    async start() {
      const child = spawn('rsyslogd', ['-n', '-f', configFile, '-i', join(dir, 'rsyslogd.pid')], {
        stdio: 'ignore',
      });
      daemon = child;
      await waitUntil(() => accepts(port), 10_000, 'rsyslogd did not start listening');
    },
    async stop() {
      const child = daemon;
      daemon = undefined;
      if (child?.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
    async waitFor(match, timeoutMs = 15_000) {
      let found: SinkRecord | undefined;
      await waitUntil(
        () => Promise.resolve((found = records().find(match)) !== undefined),
        timeoutMs,
        'the record never reached the collector',
      );
      return found!;
    },
  };
}

function parseRecord(line: string): SinkRecord {
  const space = line.indexOf(' ');
  const raw = line.slice(space + 1);
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { msgId: line.slice(0, space), raw, json };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  message: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(message);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
