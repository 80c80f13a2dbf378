import { describe, expect, it } from 'vitest';
import { extractExamples } from './extract-examples.ts';

/** A source file with one doc comment whose lines are `lines` (without the ` * ` margin). */
function source(...lines: string[]): string {
  return [
    '// line 1',
    '/**',
    ' * Does a thing.',
    ...lines.map((l) => ` * ${l}`.trimEnd()),
    ' */',
    'export const x = 1;',
  ].join('\n');
}

describe('extractExamples', () => {
  it('reads a fenced ts block, mapping each code line to its line in the file', () => {
    const { examples, refused } = extractExamples(
      'a.ts',
      source('@example', '```ts', 'const a = 1;', '  a;', '```'),
    );
    expect(refused).toEqual([]);
    expect(examples).toEqual([{ line: 4, code: 'const a = 1;\n  a;', sourceLines: [6, 7] }]);
  });

  it('reads an example without a fence as code, as typedoc renders it', () => {
    const { examples } = extractExamples('a.ts', source('@example', 'double(2); // 4', ''));
    expect(examples).toEqual([{ line: 4, code: 'double(2); // 4', sourceLines: [5] }]);
  });

  it('ends an example at the next block tag and reads every example of a comment', () => {
    const text = source('@example', 'one();', '@see somewhere', '@example', '```typescript', 'two();', '```');
    const { examples } = extractExamples('a.ts', text);
    expect(examples.map((e) => e.code)).toEqual(['one();', 'two();']);
  });

  it('finds examples on class members and nested declarations, with their indentation taken off', () => {
    const text = [
      'export class A {',
      '  /**',
      '   * @example',
      '   * new A().run();',
      '   */',
      '  run(): void {}',
      '}',
    ].join('\n');
    expect(extractExamples('a.ts', text).examples).toEqual([
      { line: 3, code: 'new A().run();', sourceLines: [4] },
    ]);
  });

  it('does not take a fence written inside prose for a code fence', () => {
    const text = source('A ```` ```python ```` block in a message.', '@example', 'run();');
    expect(extractExamples('a.ts', text).examples.map((e) => e.code)).toEqual(['run();']);
  });

  it('does not read a comment inside a string literal', () => {
    const text = 'const s = "/** @example nope() */";\n/**\n * @example\n * yes();\n */\nexport const y = 1;';
    expect(extractExamples('a.ts', text).examples.map((e) => e.code)).toEqual(['yes();']);
  });

  it.each([
    [['@example', 'Shows it:', '```ts', 'a();', '```'], 'prose before the code fence'],
    [['@example', '```ts', 'a();', '```', 'and then'], 'follows the closing fence'],
    [['@example', '```ts', 'a();', '```', '```ts', 'b();', '```'], 'follows the closing fence'],
    [['@example', '```ts', 'a();', '```js'], 'a second fence'],
    [['@example', '```sh', 'npm test', '```'], "in 'sh'"],
    [['@example', '```', 'a();', '```'], "in 'no language'"],
    [['@example', '```ts', 'a();'], 'never closed'],
    [['@example', '', '@see x'], 'empty'],
    [['@example Doubling', 'double(2);'], 'text on the @example line'],
  ])('refuses an example it cannot read (%j)', (lines, reason) => {
    const { examples, refused } = extractExamples('a.ts', source(...lines));
    expect(examples).toEqual([]);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.line).toBe(4);
    expect(refused[0]!.reason).toContain(reason);
  });
});
