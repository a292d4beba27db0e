/**
 * Removes workspaces from a pnpm lockfile (v9) and the packages that only they used, so that
 * the project installs with `--frozen-lockfile` and its lockfile lists nothing it does not use.
 * Text in, text out: the entries that stay keep pnpm's own formatting.
 */
export function dropImporters(lockfile: string, importers: readonly string[]): string {
  // pnpm writes two YAML documents: pnpm's own install, then the workspace's.
  return lockfile
    .split(/^---\n/m)
    .map((document) => {
      const kept = dropImporterBlocks(document, importers);
      return kept === document ? document : pruneUnreachable(kept);
    })
    .join('---\n');
}

interface Entry {
  readonly key: string;
  readonly lines: string[];
}

interface Section {
  readonly header: string;
  readonly entries: Entry[];
}

function dropImporterBlocks(document: string, importers: readonly string[]): string {
  return sections(document)
    .map((section) =>
      section.header === 'importers:'
        ? { ...section, entries: section.entries.filter(({ key }) => !importers.includes(key)) }
        : section,
    )
    .map(render)
    .join('');
}

function pruneUnreachable(document: string): string {
  const parsed = sections(document);
  const snapshots = parsed.find(({ header }) => header === 'snapshots:')?.entries ?? [];
  const dependenciesOf = new Map(snapshots.map(({ key, lines }) => [key, dependencyKeys(lines)]));
  const reachable = new Set<string>();
  const queue = parsed
    .filter(({ header }) => header === 'importers:')
    .flatMap(({ entries }) => entries.flatMap(({ lines }) => dependencyKeys(lines)));
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    if (!reachable.has(key)) {
      reachable.add(key);
      queue.push(...(dependenciesOf.get(key) ?? []));
    }
  }
  const reachablePackages = new Set([...reachable].map(withoutPeers));
  return parsed
    .map((section) => {
      switch (section.header) {
        case 'snapshots:':
          return {
            ...section,
            entries: section.entries.filter(({ key }) => key === '' || reachable.has(key)),
          };
        case 'packages:':
          return {
            ...section,
            entries: section.entries.filter(({ key }) => key === '' || reachablePackages.has(key)),
          };
        default:
          return section;
      }
    })
    .map(render)
    .join('');
}

/** Splits a document into top-level sections, each into its entries at two spaces. */
function sections(document: string): Section[] {
  const result: Section[] = [];
  for (const line of document.split(/(?<=\n)/)) {
    if (/^\S/.test(line) || result.length === 0) {
      result.push({ header: line.trimEnd(), entries: [{ key: '', lines: [line] }] });
    } else if (/^ {2}\S/.test(line)) {
      result
        .at(-1)
        ?.entries.push({ key: unquote(line.trim().replace(/:( \{\})?$/, '')), lines: [line] });
    } else {
      result.at(-1)?.entries.at(-1)?.lines.push(line);
    }
  }
  return result;
}

function render(section: Section): string {
  return section.entries.flatMap(({ lines }) => lines).join('');
}

/**
 * The snapshot keys an entry depends on. In an importer each dependency is a name line with a
 * `version:` line below; in a snapshot it is `name: version`.
 */
function dependencyKeys(lines: readonly string[]): string[] {
  const keys: string[] = [];
  let name = '';
  let inDependencies = false;
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    const text = line.trim();
    if (indent === 4) {
      inDependencies = /^(dependencies|devDependencies|optionalDependencies):$/.test(text);
    } else if (inDependencies && indent === 6) {
      const [entryName, version] = splitEntry(text);
      name = entryName;
      if (version !== undefined) {
        keys.push(snapshotKey(name, version));
      }
    } else if (inDependencies && indent === 8 && text.startsWith('version: ')) {
      keys.push(snapshotKey(name, unquote(text.slice('version: '.length))));
    }
  }
  return keys.filter((key) => !key.includes('@link:'));
}

function splitEntry(text: string): [string, string?] {
  const match = /^('[^']+'|[^:\s]+):(?: (.+))?$/.exec(text);
  if (match === null) {
    return [text];
  }
  const version = match[2];
  return [unquote(match[1] ?? ''), version === undefined ? undefined : unquote(version)];
}

/** `name: version`, or an alias `name: other@version`, as the key of its snapshot. */
function snapshotKey(name: string, version: string): string {
  return withoutPeers(version).includes('@', 1) ? version : `${name}@${version}`;
}

function withoutPeers(key: string): string {
  const peers = key.indexOf('(');
  return peers < 0 ? key : key.slice(0, peers);
}

function unquote(text: string): string {
  return text.replace(/^'(.*)'$/, '$1');
}
