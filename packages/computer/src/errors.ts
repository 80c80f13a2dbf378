import { TurnkitError } from '@turnkit/tools';

/** The codes of the errors that `@turnkit/computer` raises. */
export type ComputerErrorCode =
  | 'chromium_not_found'
  | 'browser_config_invalid'
  | 'browser_launch_failed'
  | 'browser_crashed';

/**
 * No Chromium executable was found, or the one named does not exist. The message says where it
 * looked and how to install one (Debian's `chromium` package: `apt-get install chromium`).
 *
 * @example
 * ```ts
 * import { ChromiumNotFoundError, launchBrowser } from '@turnkit/computer';
 * try { await launchBrowser({ allowedUrls: 'any' }); } catch (e) { if (e instanceof ChromiumNotFoundError) console.error(e.message); }
 * ```
 */
export class ChromiumNotFoundError extends TurnkitError {
  override readonly code = 'chromium_not_found' as const;
  /** Every path that was tried, in order. */
  readonly tried: string[];
  constructor(message: string, tried: string[]) {
    super('chromium_not_found', message);
    this.tried = tried;
  }
}

/**
 * An option of `launchBrowser` cannot work. The message names the option and the fix.
 *
 * @example
 * ```ts
 * import { BrowserConfigurationError } from '@turnkit/computer';
 * new BrowserConfigurationError('allowedUrls', '`allowedUrls` must be an array of URL prefixes or RegExps, or "any".');
 * ```
 */
export class BrowserConfigurationError extends TurnkitError {
  override readonly code = 'browser_config_invalid' as const;
  /** The option at fault, e.g. `allowedUrls[1]`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super('browser_config_invalid', message);
    this.option = option;
  }
}

/**
 * Chromium did not start (or did not open its first page); `cause` holds Playwright's error,
 * whose log says why (a missing library, a flag it refused, …).
 *
 * @example
 * ```ts
 * import { BrowserLaunchError, launchBrowser } from '@turnkit/computer';
 * try {
 *   await launchBrowser({ allowedUrls: ['http://127.0.0.1:8080'] });
 * } catch (error) {
 *   if (error instanceof BrowserLaunchError) console.error(error.cause);
 * }
 * ```
 */
export class BrowserLaunchError extends TurnkitError {
  override readonly code = 'browser_launch_failed' as const;
  readonly executablePath: string;
  constructor(executablePath: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super('browser_launch_failed', `Chromium at ${executablePath} did not start: ${why}`, { cause });
    this.executablePath = executablePath;
  }
}

/**
 * The browser is gone: its process exited or was killed, or its page crashed. Every later call
 * of the computer throws this too; launch a new browser to go on.
 *
 * @example
 * ```ts
 * import { BrowserCrashedError, type LaunchBrowserOptions, launchBrowser } from '@turnkit/computer';
 * declare const options: LaunchBrowserOptions;
 * declare const error: unknown; // what a run with the computer use tool failed with
 * let browser = await launchBrowser(options);
 * if (error instanceof BrowserCrashedError) browser = await launchBrowser(options);
 * ```
 */
export class BrowserCrashedError extends TurnkitError {
  override readonly code = 'browser_crashed' as const;
  /** The Chromium process id, when known. */
  readonly pid: number | undefined;
  /** What happened, e.g. `the Chromium process was killed (SIGKILL)`. */
  readonly reason: string;
  constructor(reason: string, pid: number | undefined, options?: ErrorOptions) {
    super(
      'browser_crashed',
      `The browser is gone: ${reason}${pid !== undefined ? ` (Chromium pid ${pid})` : ''}. ` +
        'Launch a new one with launchBrowser() to go on.',
      options,
    );
    this.pid = pid;
    this.reason = reason;
  }
}
