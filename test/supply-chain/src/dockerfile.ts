import type { Finding } from './findings.js';
import { isSecretVariable, secretInValue } from './secret-like.js';

/** One Dockerfile instruction, continuation lines joined and comment lines dropped as Docker does. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

export interface Stage {
  readonly name: string | undefined;
  readonly image: string;
  readonly instructions: readonly Instruction[];
}

export const DOCKERFILE_RULES = [
  // Every base image (FROM) pinned by digest, the tag kept for people and Renovate.
  'base-pinned',
  // The runtime is a separate stage that copies what an earlier stage built.
  'multi-stage',
  // The runtime stage holds production dependencies only (pnpm deploy --prod), copied from the build.
  'production-dependencies',
  // The last USER of the runtime stage is a numeric, non-root UID (and GID).
  'non-root-user',
  // A HEALTHCHECK in exec form (a JSON array: no shell needed or trusted).
  'healthcheck-exec',
  // No secret in ARG or ENV: they stay in the image's history and configuration.
  'no-build-secrets',
] as const;
export type DockerfileRule = (typeof DOCKERFILE_RULES)[number];

/** Rules every image of the repository follows; the API image follows them all. */
export const COMMON_DOCKERFILE_RULES: readonly DockerfileRule[] = [
  'base-pinned',
  'non-root-user',
  'healthcheck-exec',
  'no-build-secrets',
];

const DIGEST = /@sha256:[0-9a-f]{64}$/;
const NUMERIC_NON_ROOT = /^[1-9]\d*(:[1-9]\d*)?$/;
const DEPLOY_PROD = /\bpnpm\b[^;&|]*\bdeploy\b[^;&|]*--prod\b/;

export function parseDockerfile(text: string): Instruction[] {
  const lines = text.split('\n');
  const instructions: Instruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  lines.forEach((raw, index) => {
    if (index === 0 && /^#\s*escape\s*=/i.test(raw)) {
      throw new Error('the escape parser directive is not supported by this checker');
    }
    const line = raw.trimEnd();
    if (/^\s*#/.test(line) || (line.trim() === '' && pending === undefined)) {
      return;
    }
    const continued = line.endsWith('\\');
    const part = continued ? line.slice(0, -1) : line;
    pending ??= { parts: [], line: index + 1 };
    pending.parts.push(part.trim());
    if (!continued) {
      const joined = pending.parts.filter((piece) => piece !== '').join(' ');
      const [keyword = '', ...rest] = joined.split(/\s+/);
      const args = rest.join(' ');
      if (
        /<<-?\s*["']?[A-Za-z_]/.test(args) &&
        ['RUN', 'COPY', 'ADD'].includes(keyword.toUpperCase())
      ) {
        throw new Error(`line ${pending.line}: heredocs are not supported by this checker`);
      }
      instructions.push({ keyword: keyword.toUpperCase(), args, line: pending.line });
      pending = undefined;
    }
  });
  return instructions;
}

/** Stages with their base image, global ARG defaults substituted into FROM. */
export function stagesOf(instructions: readonly Instruction[]): Stage[] {
  const globalArgs = new Map<string, string>();
  const stages: { name: string | undefined; image: string; instructions: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const image = (words[0] ?? '').replace(
        /\$\{?(\w+)\}?/g,
        (whole, name: string) => globalArgs.get(name) ?? whole,
      );
      const alias = words[1]?.toUpperCase() === 'AS' ? words[2] : undefined;
      stages.push({ name: alias?.toLowerCase(), image, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [name = '', value = ''] = instruction.args.split('=', 2);
        globalArgs.set(name.trim(), value.trim().replace(/^["']|["']$/g, ''));
      }
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** `NAME=value` pairs of an ARG or ENV instruction (ENV's legacy `NAME value` form too). */
function variablesOf(instruction: Instruction): { name: string; value: string | undefined }[] {
  const args = instruction.args.trim();
  if (instruction.keyword === 'ENV' && !/^\S+=/.test(args)) {
    const [name = '', ...value] = args.split(/\s+/);
    return [{ name, value: value.join(' ') }];
  }
  return [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)].map(
    ([, name = '', value]) => ({
      name,
      value: value?.replace(/^["']|["']$/g, ''),
    }),
  );
}

export function checkDockerfile(
  text: string,
  file: string,
  rules: readonly DockerfileRule[] = DOCKERFILE_RULES,
): Finding<DockerfileRule>[] {
  const findings: Finding<DockerfileRule>[] = [];
  const report = (rule: DockerfileRule, message: string): void => {
    if (rules.includes(rule)) {
      findings.push({ rule, file, message });
    }
  };
  const instructions = parseDockerfile(text);
  const stages = stagesOf(instructions);
  const runtime = stages.at(-1);
  if (runtime === undefined) {
    throw new Error(`${file}: no FROM instruction`);
  }
  const earlier = stages.slice(0, -1);

  stages.forEach((stage, index) => {
    const isEarlierStage = stages
      .slice(0, index)
      .some((previous) => previous.name === stage.image.toLowerCase());
    if (!isEarlierStage && stage.image !== 'scratch' && !DIGEST.test(stage.image)) {
      report('base-pinned', `FROM ${stage.image} is not pinned by digest (@sha256:…)`);
    }
  });

  const copiesFrom = (stage: Stage): Instruction[] =>
    stage.instructions.filter(
      (instruction) => instruction.keyword === 'COPY' && /--from=/.test(instruction.args),
    );
  const buildStages = new Set(earlier.map((stage, index) => stage.name ?? String(index)));
  const runtimeCopies = copiesFrom(runtime).filter((instruction) => {
    const source = /--from=(\S+)/.exec(instruction.args)?.[1]?.toLowerCase() ?? '';
    return buildStages.has(source);
  });
  if (earlier.length === 0 || runtimeCopies.length === 0) {
    report('multi-stage', 'the runtime stage must copy its files from an earlier build stage');
  }

  const deploys = earlier.flatMap((stage) =>
    stage.instructions.filter(
      (instruction) => instruction.keyword === 'RUN' && DEPLOY_PROD.test(instruction.args),
    ),
  );
  const deployTarget = deploys
    .map((instruction) => /--prod\s+(\/\S+)/.exec(instruction.args)?.[1])
    .find((target) => target !== undefined);
  const modulesCopy = runtimeCopies.find((instruction) => /node_modules/.test(instruction.args));
  const installsInRuntime = runtime.instructions.some(
    (instruction) =>
      instruction.keyword === 'RUN' &&
      /\b(npm|pnpm|yarn)\b[^;&|]*\b(install|add|ci)\b/.test(instruction.args),
  );
  if (
    deployTarget === undefined ||
    modulesCopy === undefined ||
    !modulesCopy.args.includes(`${deployTarget}/node_modules`) ||
    installsInRuntime
  ) {
    report(
      'production-dependencies',
      'the runtime stage must copy node_modules from a `pnpm deploy --prod <dir>` of the build stage, and install nothing itself',
    );
  }

  const user = runtime.instructions.filter((instruction) => instruction.keyword === 'USER').at(-1);
  if (user === undefined || !NUMERIC_NON_ROOT.test(user.args.trim())) {
    report(
      'non-root-user',
      `the runtime stage must end with USER <numeric uid>[:<gid>], not ${user?.args ?? 'root'}`,
    );
  }

  const healthcheck = runtime.instructions
    .filter((instruction) => instruction.keyword === 'HEALTHCHECK')
    .at(-1);
  const command = healthcheck?.args.replace(/^(--\S+\s+)*/, '') ?? '';
  if (!isExecForm(command)) {
    report(
      'healthcheck-exec',
      `HEALTHCHECK must be CMD ["executable", …], not ${healthcheck === undefined ? 'missing' : command}`,
    );
  }

  for (const instruction of instructions.filter(
    ({ keyword }) => keyword === 'ARG' || keyword === 'ENV',
  )) {
    for (const { name, value } of variablesOf(instruction)) {
      const inValue = value === undefined ? undefined : secretInValue(value);
      if (isSecretVariable(name, value) || inValue !== undefined) {
        report(
          'no-build-secrets',
          `line ${instruction.line}: ${instruction.keyword} ${name} passes ${inValue ?? 'a secret'} into the image`,
        );
      }
    }
  }
  return findings;
}

function isExecForm(command: string): boolean {
  const match = /^CMD\s+(\[.*\])\s*$/.exec(command);
  if (match?.[1] === undefined) {
    return false;
  }
  try {
    const parsed: unknown = JSON.parse(match[1]);
    return (
      Array.isArray(parsed) && parsed.length > 0 && parsed.every((item) => typeof item === 'string')
    );
  } catch {
    return false;
  }
}

/** Sources of the COPY and ADD instructions that read the build context (no --from). */
export function contextSources(text: string): string[] {
  return parseDockerfile(text)
    .filter(
      (instruction) =>
        ['COPY', 'ADD'].includes(instruction.keyword) && !/--from=/.test(instruction.args),
    )
    .flatMap((instruction) => {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      return words.slice(0, -1);
    });
}
