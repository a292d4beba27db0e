import { describe, expect, it } from 'vitest';
import { projectNameProblem, projectNames, renameText, scopeProblem } from 'create-bulwark';

describe('project names', () => {
  it.each(['my-api', 'api', 'billing2', 'a-b-c'])('accepts %s', (name) => {
    expect(projectNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['My-API', 'uppercase'],
    ['http', 'a Node.js core module'],
    ['node_modules', 'reserved by npm'],
    ['-api', 'leading hyphen'],
    ['my--api', 'double hyphen'],
    ['my_api', 'underscore: not a URN namespace'],
    ['2fa', 'leading digit: not an identifier'],
    ['a'.repeat(41), 'too long for SQL identifiers'],
    ['', 'empty'],
  ])('refuses %s (%s)', (name) => {
    expect(projectNameProblem(name)).toEqual(expect.any(String));
  });

  it('refuses scopes that are not @ and a name', () => {
    expect(scopeProblem('@acme')).toBeUndefined();
    for (const scope of ['acme', '@Acme', '@acme/x', '@', '@-']) {
      expect(scopeProblem(scope), scope).toEqual(expect.any(String));
    }
  });
});

describe(renameText.name, () => {
  const names = projectNames('my-api', '@acme');

  it('names each spelling by its context', () => {
    expect(
      renameText(
        [
          "import { BulwarkLogger } from '@bulwark/logging';",
          'GRANT bulwark_app TO api; export BULWARK_UID=1',
          "redis.defineCommand('bulwarkThrottleIncrement'); key = 'bulwark:lockout:x'",
          "type: 'urn:bulwark:problem:ip-banned', issuer: 'bulwark', audience: 'bulwark-api'",
          "from: 'Bulwark <no-reply@bulwark.test>', title: 'Bulwark API'",
          'COPY /out/node_modules/.pnpm/@bulwark+*/ . # @bulwark/maintainers',
        ].join('\n'),
        names,
      ),
    ).toBe(
      [
        "import { MyApiLogger } from '@acme/logging';",
        'GRANT my_api_app TO api; export MY_API_UID=1',
        "redis.defineCommand('myApiThrottleIncrement'); key = 'my-api:lockout:x'",
        "type: 'urn:my-api:problem:ip-banned', issuer: 'my-api', audience: 'my-api-api'",
        "from: 'My Api <no-reply@my-api.test>', title: 'My Api API'",
        'COPY /out/node_modules/.pnpm/@acme+*/ . # @acme/maintainers',
      ].join('\n'),
    );
  });

  it('keeps the template, its tool and its stored format labels by their names', () => {
    const text = [
      "Bulwark's workflow rules; built from Bulwark",
      'pnpm create bulwark → create-bulwark writes .bulwark.json; pnpm bulwark:upgrade',
      "'bulwark-audit-v2', 'bulwark-audit-chain-v2', 'bulwark/field-encryption/ef1/value-key'",
    ].join('\n');
    expect(renameText(text, names)).toBe(text);
  });
});
