import { TurnkitError } from './errors.js';

/**
 * The environments the computer use tool knows (`environment` of `computer_use_preview`).
 *
 * @example
 * ```ts
 * import type { ComputerEnvironment } from '@turnkit/tools';
 * const environment: ComputerEnvironment = 'browser';
 * ```
 */
export type ComputerEnvironment = 'browser' | 'mac' | 'windows' | 'ubuntu' | 'linux';

/** A mouse button of a `click` action: `wheel` is the middle button, `back`/`forward` the side buttons. */
export type MouseButton = 'left' | 'right' | 'wheel' | 'back' | 'forward';

/** A point on the screen, in pixels from the top-left corner. */
export interface ScreenPoint {
  x: number;
  y: number;
}

/**
 * One action of a `computer_call`, as the model sends it (the wire form: `scroll_x`, not
 * `scrollX`). `keys` on mouse actions are keys held down during the action (e.g. `['shift']`).
 *
 * @example
 * ```ts
 * import type { ComputerAction } from '@turnkit/tools';
 * const action: ComputerAction = { type: 'click', button: 'left', x: 120, y: 45 };
 * ```
 * @see docs/responses-wire.md §4.8
 */
export type ComputerAction =
  | { type: 'click'; button: MouseButton; x: number; y: number; keys?: string[] | null }
  | { type: 'double_click'; x: number; y: number; keys?: string[] | null }
  | { type: 'drag'; path: ScreenPoint[]; keys?: string[] | null }
  | { type: 'keypress'; keys: string[] }
  | { type: 'move'; x: number; y: number; keys?: string[] | null }
  | { type: 'screenshot' }
  | { type: 'scroll'; x: number; y: number; scroll_x: number; scroll_y: number; keys?: string[] | null }
  | { type: 'type'; text: string }
  | { type: 'wait' };

/** The `type` of a {@link ComputerAction}. */
export type ComputerActionType = ComputerAction['type'];

/** What every method of a {@link Computer} is given: the run's signal (aborted when the run is). */
export interface ComputerContext {
  signal: AbortSignal;
}

/**
 * The screen the model drives: any environment (a browser, a virtual machine, a remote desktop)
 * implements these methods, and the agent loop calls them for each action of a `computer_call`,
 * then {@link Computer.screenshot} for the picture it sends back. Coordinates are screen pixels
 * of the size given to `computerTool()`.
 *
 * A method that cannot do what it is asked for a reason the model should hear (a navigation the
 * URL allow list refuses, a key that does not exist) throws {@link ComputerActionRefusedError}:
 * the loop stops the call's remaining actions and tells the model why. Any other error means the
 * environment is broken (e.g. the browser crashed): the run stops with `ComputerFailedError`.
 *
 * @example
 * ```ts
 * import type { Computer, MouseButton, ScreenPoint } from '@turnkit/tools';
 * declare const vm: {  // the driver of your environment, e.g. a VNC client
 *   screenshot(): Promise<Uint8Array>;
 *   click(x: number, y: number, button: MouseButton): Promise<void>;
 *   doubleClick(x: number, y: number): Promise<void>;
 *   scroll(x: number, y: number, dx: number, dy: number): Promise<void>;
 *   type(text: string): Promise<void>;
 *   keys(keys: string[]): Promise<void>;
 *   move(x: number, y: number): Promise<void>;
 *   drag(path: ScreenPoint[]): Promise<void>;
 * };
 * const computer: Computer = {
 *   screenshot: () => vm.screenshot(),    // PNG or JPEG bytes of the whole screen
 *   click: async ({ x, y, button }) => vm.click(x, y, button),
 *   doubleClick: async ({ x, y }) => vm.doubleClick(x, y),
 *   scroll: async ({ x, y, scrollX, scrollY }) => vm.scroll(x, y, scrollX, scrollY),
 *   type: async ({ text }) => vm.type(text),
 *   keypress: async ({ keys }) => vm.keys(keys),
 *   move: async ({ x, y }) => vm.move(x, y),
 *   drag: async ({ path }) => vm.drag(path),
 *   wait: () => new Promise((r) => setTimeout(r, 1000)),
 * };
 * ```
 */
export interface Computer {
  /** The screen as PNG (or JPEG, or WebP) bytes. */
  screenshot(ctx: ComputerContext): Promise<Uint8Array>;
  /** Clicks `button` at (x, y), holding `keys`. */
  click(
    input: { x: number; y: number; button: MouseButton; keys: string[] },
    ctx: ComputerContext,
  ): Promise<void>;
  /** Double-clicks the left button at (x, y), holding `keys`. */
  doubleClick(input: { x: number; y: number; keys: string[] }, ctx: ComputerContext): Promise<void>;
  /** Scrolls by (scrollX, scrollY) pixels with the pointer at (x, y), holding `keys`. */
  scroll(
    input: { x: number; y: number; scrollX: number; scrollY: number; keys: string[] },
    ctx: ComputerContext,
  ): Promise<void>;
  /** Types `text` as key strokes. */
  type(input: { text: string }, ctx: ComputerContext): Promise<void>;
  /** Presses the keys together (a combination such as `['ctrl', 'a']`), as the model names them. */
  keypress(input: { keys: string[] }, ctx: ComputerContext): Promise<void>;
  /** Moves the pointer to (x, y), holding `keys`. */
  move(input: { x: number; y: number; keys: string[] }, ctx: ComputerContext): Promise<void>;
  /** Presses the left button at the first point, moves through the others, releases at the last. */
  drag(input: { path: ScreenPoint[]; keys: string[] }, ctx: ComputerContext): Promise<void>;
  /** Waits a moment for the screen to settle (the environment decides how long). */
  wait(ctx: ComputerContext): Promise<void>;
  /**
   * The URL of the page shown, for a browser: sent back as `current_url`, which the service's
   * safety checks read (irrelevant and sensitive domains).
   */
  currentUrl?(): string | Promise<string>;
  /** The screen size in pixels, when known: `computerTool()` checks it against the display size. */
  readonly dimensions?: { readonly width: number; readonly height: number };
}

/**
 * A {@link Computer} refused one action for a reason the model should read (a navigation outside
 * the URL allow list, an unknown key name). The loop runs none of the call's later actions and
 * sends the model a fresh screenshot with this message; the run goes on.
 *
 * @example
 * ```ts
 * import { ComputerActionRefusedError } from '@turnkit/tools';
 * throw new ComputerActionRefusedError('click', 'navigation to https://evil.example/ is outside the allowed URLs');
 * ```
 */
export class ComputerActionRefusedError extends TurnkitError {
  override readonly code = 'computer_action_refused' as const;
  /** The action refused. */
  readonly action: ComputerActionType;
  /** Why, in words for the model. */
  readonly reason: string;
  constructor(action: ComputerActionType, reason: string, options?: ErrorOptions) {
    super('computer_action_refused', `The ${action} action was refused: ${reason}`, options);
    this.action = action;
    this.reason = reason;
  }
}
