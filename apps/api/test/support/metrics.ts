import type { TestApp } from './test-app.js';
import { MetricsModule } from '../../src/platform/metrics/metrics.module.js';

/** One sample of a scrape: `name{labels} value`. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The URL of the test app's metrics listener (it was started with METRICS_PORT). */
export function metricsUrl(api: TestApp): string {
  const { url } = api.app.get(MetricsModule);
  if (url === undefined) {
    throw new Error('This test app has no metrics listener: start it with METRICS_PORT');
  }
  return url;
}

/** Fetches and parses a Prometheus text exposition; fails on any status but 200. */
export async function scrape(url: string, token?: string): Promise<Sample[]> {
  const response = await fetch(url, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200) {
    throw new Error(`Scrape of ${url} answered ${response.status}`);
  }
  return parseExposition(await response.text());
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (match === null) {
        throw new Error(`Not a sample line: ${line}`);
      }
      const [, name = '', labels = '', value = ''] = match;
      return {
        name,
        labels: Object.fromEntries(
          [...labels.matchAll(LABEL)].map((pair): [string, string] => [
            pair[1] ?? '',
            pair[2] ?? '',
          ]),
        ),
        value: Number(value),
      };
    });
}

/** The sum of the samples of `name` whose labels include `labels`. */
export function valueOf(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  return samples
    .filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}
