#!/usr/bin/env node
// CI gate on known vulnerabilities: `pnpm audit` of the production dependencies fails the build
// on any high or critical advisory that scripts/audit-allowlist.json does not accept. Each
// acceptance names the advisory, why it does not affect Bulwark, who accepted it and when, and a
// review date after which the gate fails again (docs/supply-chain.md).
//
//   node scripts/audit-gate.mjs [--allowlist FILE] [--registry URL] [--allow-unreachable]
//
// --allow-unreachable passes (with a warning) when the advisory database cannot be asked, for a
// machine whose registry mirror has no audit endpoint; GitHub's CI never sets it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const GATED_SEVERITIES = new Set(['high', 'critical']);
const GHSA_ID = /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ENTRY_KEYS = ['id', 'package', 'reason', 'acceptedBy', 'acceptedOn', 'reviewBy'];
// An acceptance is a decision to revisit, not a permanent exception.
const MAX_ACCEPTANCE_DAYS = 90;
const DAY_MS = 86_400_000;

const { values: options } = parseArgs({
  options: {
    allowlist: { type: 'string', default: join(ROOT, 'scripts', 'audit-allowlist.json') },
    registry: { type: 'string' },
    'allow-unreachable': { type: 'boolean', default: false },
  },
});

const say = (line) => process.stdout.write(`${line}\n`);
const fail = (line) => {
  process.stderr.write(`audit gate: ${line}\n`);
  process.exitCode = 1;
};

/** The accepted advisories by id; any malformed or expired entry fails the gate. */
function readAllowlist(file, today) {
  let document;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read the allow-list ${file}: ${error.message}`);
    return new Map();
  }
  const accepted = new Map();
  const entries = Array.isArray(document?.accepted) ? document.accepted : undefined;
  if (entries === undefined) {
    fail(`${file}: "accepted" must be an array`);
    return accepted;
  }
  entries.forEach((entry, index) => {
    const where = `${file}: accepted[${index}]`;
    const keys = Object.keys(entry ?? {});
    const missing = ENTRY_KEYS.filter(
      (key) => typeof entry?.[key] !== 'string' || entry[key].trim() === '',
    );
    const unknown = keys.filter((key) => !ENTRY_KEYS.includes(key));
    if (missing.length > 0 || unknown.length > 0) {
      fail(
        `${where}: needs ${ENTRY_KEYS.join(', ')} as non-empty strings (missing: ${missing.join(', ') || 'none'}; unknown: ${unknown.join(', ') || 'none'})`,
      );
      return;
    }
    if (!GHSA_ID.test(entry.id)) {
      fail(`${where}: "${entry.id}" is not a GHSA id`);
      return;
    }
    if (!DATE.test(entry.acceptedOn) || !DATE.test(entry.reviewBy)) {
      fail(`${where}: acceptedOn and reviewBy are YYYY-MM-DD dates`);
      return;
    }
    const acceptedOn = Date.parse(entry.acceptedOn);
    const reviewBy = Date.parse(entry.reviewBy);
    if (Number.isNaN(acceptedOn) || Number.isNaN(reviewBy) || reviewBy < acceptedOn) {
      fail(`${where}: reviewBy must be a real date on or after acceptedOn`);
      return;
    }
    if (reviewBy - acceptedOn > MAX_ACCEPTANCE_DAYS * DAY_MS) {
      fail(`${where}: reviewBy is more than ${MAX_ACCEPTANCE_DAYS} days after acceptedOn`);
      return;
    }
    if (reviewBy < today) {
      fail(`${where}: the acceptance of ${entry.id} expired on ${entry.reviewBy}; review it again`);
      return;
    }
    if (accepted.has(entry.id)) {
      fail(`${where}: ${entry.id} is listed twice`);
      return;
    }
    accepted.set(entry.id, entry);
  });
  return accepted;
}

/** pnpm's own ignore list is undated and undocumented: acceptances go through the allow-list. */
function refuseWorkspaceIgnores() {
  const workspace = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8');
  for (const key of ['ignoreGhsas', 'ignoreCves']) {
    if (new RegExp(`^\\s*${key}\\s*:`, 'm').test(workspace)) {
      fail(
        `pnpm-workspace.yaml sets auditConfig.${key}; move those advisories to the dated allow-list`,
      );
    }
  }
}

/** `pnpm audit --json` of production dependencies; undefined when the database did not answer. */
function audit() {
  const args = ['audit', '--prod', '--json'];
  if (options.registry !== undefined) {
    args.push('--registry', options.registry);
  }
  return new Promise((resolve) => {
    // pnpm exits non-zero whenever it finds anything: the report on stdout is what counts.
    execFile('pnpm', args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        const report = JSON.parse(stdout);
        if (report !== null && typeof report.advisories === 'object') {
          resolve(report);
          return;
        }
      } catch {
        // Not a report: an error message, handled below.
      }
      const detail = (stderr || stdout || error?.message || '')
        .trim()
        .split('\n')
        .slice(0, 4)
        .join(' ');
      say(`pnpm audit did not produce a report: ${detail}`);
      resolve(undefined);
    });
  });
}

const today = Date.parse(new Date().toISOString().slice(0, 10));
const accepted = readAllowlist(options.allowlist, today);
refuseWorkspaceIgnores();
const report = await audit();

if (report === undefined) {
  if (options['allow-unreachable']) {
    say('audit gate: WARNING: the advisory database could not be asked; nothing was checked');
  } else {
    fail('the advisory database could not be asked (--allow-unreachable only where it cannot be)');
  }
} else {
  const gated = Object.values(report.advisories).filter((advisory) =>
    GATED_SEVERITIES.has(advisory.severity),
  );
  const seen = new Set();
  let refused = 0;
  for (const advisory of gated) {
    const id = advisory.github_advisory_id ?? String(advisory.id);
    seen.add(id);
    const paths = [...new Set(advisory.findings?.flatMap((finding) => finding.paths ?? []) ?? [])];
    const line = `${id} ${advisory.severity} ${advisory.module_name} ${advisory.vulnerable_versions}: ${advisory.title} (${paths.slice(0, 3).join(', ')})`;
    if (accepted.has(id)) {
      say(`accepted until ${accepted.get(id).reviewBy}: ${line}`);
    } else {
      refused += 1;
      say(`REFUSED: ${line}`);
    }
  }
  for (const id of accepted.keys()) {
    if (!seen.has(id)) {
      say(`note: ${id} is accepted but no longer reported; remove it from the allow-list`);
    }
  }
  say(
    `audit gate: ${gated.length} high or critical advisories in production dependencies, ${refused} not accepted`,
  );
  if (refused > 0) {
    process.exitCode = 1;
  }
}
