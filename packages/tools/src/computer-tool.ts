import type { Computer, ComputerEnvironment } from './contract/computer.js';
import { ToolDefinitionError } from './contract/errors.js';

/** The wire form of the computer use tool in a request's `tools[]`. */
export interface ComputerToolDefinition {
  type: 'computer_use_preview';
  environment: ComputerEnvironment;
  display_width: number;
  display_height: number;
}

/** Options of {@link computerTool}. */
export interface ComputerToolOptions {
  /** What the model is looking at: `browser` for a web page (then `current_url` is sent too). */
  environment: ComputerEnvironment;
  /** Width of the screen the model sees, in pixels (the guides use 1024). */
  displayWidth: number;
  /** Height of the screen the model sees, in pixels (the guides use 768). */
  displayHeight: number;
  /** What runs the actions: a browser (`@turnkit/computer`) or any {@link Computer}. */
  computer: Computer;
  /**
   * Stateless conversations: how many of the newest screenshots go back to the model in full
   * (default 1, the one it acts on); older `computer_call_output` items keep their place, which
   * the API needs, with a 1×1 placeholder image instead. Server conversations send each
   * screenshot once and never again, so this does not apply to them.
   */
  keepScreenshots?: number;
}

/** The computer use tool: its wire definition and the computer that carries out its actions. */
export interface ComputerTool {
  readonly kind: 'computer';
  readonly definition: ComputerToolDefinition;
  readonly computer: Computer;
  /** See {@link ComputerToolOptions.keepScreenshots}. */
  readonly keepScreenshots: number;
}

const ENVIRONMENTS: readonly ComputerEnvironment[] = ['browser', 'mac', 'windows', 'ubuntu', 'linux'];
const METHODS = ['screenshot', 'click', 'doubleClick', 'scroll', 'type', 'keypress', 'move', 'drag', 'wait'];
const KNOWN = ['environment', 'displayWidth', 'displayHeight', 'computer', 'keepScreenshots'];

function fail(option: string, message: string): never {
  throw new ToolDefinitionError('computer', `computerTool: \`${option}\` ${message}`);
}

function pixels(value: unknown, option: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10_000) {
    fail(option, `must be a whole number of pixels from 1 to 10000, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * The computer use tool (`computer_use_preview`): the model looks at screenshots and answers
 * with `computer_call` items (click, type, scroll, …), which the agent loop runs on `computer`,
 * answering each with a fresh screenshot (and, in a browser, the `current_url`). A call with
 * `pending_safety_checks` is an approval request (kind `computer`) decided like any other:
 * approved checks go back as `acknowledged_safety_checks`, a rejected call is not run.
 *
 * An agent with this tool sends `truncation: "auto"`, which the computer use model requires.
 *
 * @throws {ToolDefinitionError} naming the option: an unknown option, an environment the tool
 * does not know, a display size that is not a whole number of pixels (1–10000), a `computer`
 * without one of its methods, a computer whose `dimensions` differ from the display size, or a
 * `keepScreenshots` below 1.
 * @example
 * ```ts
 * import { launchBrowser } from '@turnkit/computer';
 * import { connectFromEnv, createAgent } from '@turnkit/core';
 * import { computerTool } from '@turnkit/tools';
 * const client = await connectFromEnv();
 * const browser = await launchBrowser({ allowedUrls: ['http://127.0.0.1:8080'], startUrl: 'http://127.0.0.1:8080/form' });
 * const computer = computerTool({ environment: 'browser', displayWidth: 1024, displayHeight: 768, computer: browser });
 * const agent = createAgent({ instructions: 'Fill in the form.', tools: [computer], client });
 * ```
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/how-to/computer-use
 */
export function computerTool(options: ComputerToolOptions): ComputerTool {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ToolDefinitionError(
      'computer',
      'computerTool takes an options object: { environment, displayWidth, displayHeight, computer }.',
    );
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key)) fail(key, `is not an option; the options are ${KNOWN.join(', ')}.`);
  }
  if (!ENVIRONMENTS.includes(options.environment)) {
    fail(
      'environment',
      `must be one of ${ENVIRONMENTS.map((e) => `"${e}"`).join(', ')}, got ${JSON.stringify(options.environment)}.`,
    );
  }
  const width = pixels(options.displayWidth, 'displayWidth');
  const height = pixels(options.displayHeight, 'displayHeight');
  const computer = options.computer as unknown as Record<string, unknown> | null | undefined;
  if (computer === null || typeof computer !== 'object') {
    fail('computer', 'must be a Computer (e.g. a browser from @turnkit/computer), which runs the actions.');
  }
  const missing = METHODS.filter((m) => typeof computer[m] !== 'function');
  if (missing.length > 0) {
    fail(
      'computer',
      `lacks ${missing.map((m) => `${m}()`).join(', ')}; a Computer implements ${METHODS.join(', ')}.`,
    );
  }
  if (computer.currentUrl !== undefined && typeof computer.currentUrl !== 'function') {
    fail('computer', 'has a `currentUrl` that is not a function.');
  }
  const dimensions = options.computer.dimensions;
  if (dimensions && (dimensions.width !== width || dimensions.height !== height)) {
    fail(
      'displayWidth',
      `and \`displayHeight\` say ${width}x${height}, but the computer's screen is ${dimensions.width}x${dimensions.height}; ` +
        'give the tool the size of the screen, or the model clicks in the wrong places.',
    );
  }
  const keep = options.keepScreenshots ?? 1;
  if (!Number.isInteger(keep) || keep < 1) {
    fail(
      'keepScreenshots',
      `must be a whole number of at least 1, got ${JSON.stringify(options.keepScreenshots)}.`,
    );
  }
  const definition: ComputerToolDefinition = Object.freeze({
    type: 'computer_use_preview',
    environment: options.environment,
    display_width: width,
    display_height: height,
  });
  return Object.freeze({ kind: 'computer', definition, computer: options.computer, keepScreenshots: keep });
}
