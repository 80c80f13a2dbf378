import { describe, expect, it } from 'vitest';
import { InputError, safeFileName } from '../src/index.js';

describe('safeFileName', () => {
  it.each([
    ['monthly_totals.csv', 'monthly_totals.csv'],
    ['../../x', 'x'],
    ['/etc/passwd', 'passwd'],
    ['..\\..\\x.csv', 'x.csv'],
    ['C:\\Windows\\win.ini', 'win.ini'],
    ['C:x.csv', 'C_x.csv'],
    ['a\u0000b.csv', 'a_b.csv'],
    ['line\nbreak.txt', 'line_break.txt'],
    ['what?.csv', 'what_.csv'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['LPT1.csv', '_LPT1.csv'],
    ['report.csv. . ', 'report.csv'],
    ['  spaced.csv', 'spaced.csv'],
    ['.hidden', '.hidden'],
    ['résumé.pdf', 'résumé.pdf'],
  ])('turns %j into %j', (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });

  it.each(['', '.', '..', '../..', 'x/..', '/', '\\', '. .', '\u0000'])(
    'refuses %j, which names no file',
    (name) => {
      expect(() => safeFileName(name)).toThrow(InputError);
      expect(() => safeFileName(name)).toThrow(/no usable file name/);
    },
  );

  it('keeps a long name under 255 bytes, with its extension', () => {
    const safe = safeFileName(`${'é'.repeat(300)}.csv`);
    expect(Buffer.byteLength(safe)).toBeLessThanOrEqual(255);
    expect(safe.endsWith('é.csv')).toBe(true);
  });

  it('refuses a name that is not a string', () => {
    expect(() => safeFileName(42 as never)).toThrow(InputError);
  });
});
