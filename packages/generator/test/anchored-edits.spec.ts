import { describe, expect, it } from 'vitest';
import {
  addImport,
  AnchorNotFoundError,
  appendProperties,
  appendToArray,
  topLevelNames,
} from '../src/anchored-edits.js';

const LIST = `import { A } from './a.js';
import {
  B,
  C,
} from './b.js';

// a comment that mentions LIST = [ and import { Z }
export const LIST = [A, B] as const;
`;

describe('anchored edits', () => {
  it('adds an import after the last one, however it is spelled', () => {
    expect(addImport('list.ts', LIST, 'D', './d.js')).toContain(
      "} from './b.js';\nimport { D } from './d.js';\n",
    );
  });

  it('refuses an import of a name the file has', () => {
    expect(() => addImport('list.ts', LIST, 'C', './c.js')).toThrow(
      /already declares or imports C/,
    );
  });

  it('appends to the array literal of the named constant, not to a comment', () => {
    const edited = appendToArray('list.ts', LIST, 'LIST', 'D');
    expect(edited).toContain('export const LIST = [A, B, D] as const;');
    expect(edited).toContain('LIST = [ and import { Z }');
    expect(appendToArray('x.ts', 'const xs = [];', 'xs', 'D')).toBe('const xs = [D];');
    expect(appendToArray('x.ts', 'const xs = [\n  A,\n];', 'xs', 'D')).toBe(
      'const xs = [\n  A,\nD];',
    );
  });

  it('appends rows to an object literal, refusing a key it has or a value it lacks', () => {
    const matrix = "const OPEN = 1;\nconst M = {\n  'GET /a': OPEN,\n};\n";
    expect(appendProperties('m.ts', matrix, 'M', [['GET /b', 'OPEN']])).toBe(
      "const OPEN = 1;\nconst M = {\n  'GET /a': OPEN,\n'GET /b': OPEN,\n};\n",
    );
    expect(() => appendProperties('m.ts', matrix, 'M', [['GET /a', 'OPEN']])).toThrow(
      /already has 'GET \/a'/,
    );
    expect(() => appendProperties('m.ts', matrix, 'M', [['GET /b', 'SIGNED_IN']])).toThrow(
      /no top-level `SIGNED_IN`/,
    );
  });

  it('fails loudly when the anchor is gone', () => {
    expect(() => appendToArray('list.ts', LIST, 'MODULES', 'D')).toThrow(AnchorNotFoundError);
    expect(() => appendToArray('x.ts', 'const xs = f();', 'xs', 'D')).toThrow(
      /no longer an array literal/,
    );
    expect(() => addImport('x.ts', 'export const xs = [];', 'D', './d.js')).toThrow(
      /no import to add `D` after/,
    );
  });

  it('lists top-level names as often as they appear', () => {
    expect(
      topLevelNames('t.ts', "import type { Page } from './page.js';\nexport class Page {}\n"),
    ).toEqual(['Page', 'Page']);
  });
});
