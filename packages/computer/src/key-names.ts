import { ComputerActionRefusedError } from '@turnkit/tools';

/**
 * Key names as the computer use model writes them (lower case, e.g. `ctrl`, `esc`, `arrowdown`)
 * and the names Playwright's keyboard takes, as the Azure computer use guide maps them (and the
 * OpenAI sample app, which adds capslock, home, end, insert and the page keys). Names that are
 * already Playwright's (`Enter`, `ArrowDown`) match in any case.
 */
const KEYS: Record<string, string> = {
  alt: 'Alt',
  option: 'Alt',
  ctrl: 'Control',
  control: 'Control',
  shift: 'Shift',
  cmd: 'Meta',
  command: 'Meta',
  meta: 'Meta',
  win: 'Meta',
  windows: 'Meta',
  super: 'Meta',
  enter: 'Enter',
  return: 'Enter',
  esc: 'Escape',
  escape: 'Escape',
  tab: 'Tab',
  space: ' ',
  backspace: 'Backspace',
  delete: 'Delete',
  del: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  capslock: 'CapsLock',
  arrowup: 'ArrowUp',
  arrowdown: 'ArrowDown',
  arrowleft: 'ArrowLeft',
  arrowright: 'ArrowRight',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  '/': 'Slash',
  '\\': 'Backslash',
};
for (let n = 1; n <= 12; n++) KEYS[`f${n}`] = `F${n}`;

/**
 * The Playwright key for a key name of the model: the mapped name, or a single character as it
 * is (`a`, `A`, `1`, `,`).
 *
 * @throws {ComputerActionRefusedError} for a name that is neither, so the model hears which key
 * does not exist.
 * @example
 * import { playwrightKey } from '@turnkit/computer';
 * playwrightKey('ctrl'); // 'Control'
 * playwrightKey('/'); // 'Slash'
 */
export function playwrightKey(name: string): string {
  const mapped = KEYS[name.toLowerCase()];
  if (mapped !== undefined) return mapped;
  if ([...name].length === 1) return name;
  throw new ComputerActionRefusedError(
    'keypress',
    `there is no key named "${name}" (keys are single characters or names such as enter, esc, tab, ctrl, shift, alt, cmd, arrowdown, pageup, f5).`,
  );
}
