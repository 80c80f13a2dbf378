import {
  type Computer,
  ComputerActionRefusedError,
  type ComputerActionType,
  type ComputerContext,
  type MouseButton,
  type ScreenPoint,
} from '@turnkit/tools';
import type { Browser, BrowserContext, BrowserServer, Page, Request, Route } from 'playwright-core';
import { BrowserCrashedError } from './errors.js';
import { playwrightKey } from './key-names.js';
import type { UrlAllowList } from './url-allow-list.js';

/** What a {@link BrowserComputer} is made of; see `launchBrowser`. */
export interface BrowserParts {
  server: BrowserServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  allowList: UrlAllowList;
  width: number;
  height: number;
  waitMs: number;
  settleMs: number;
}

/**
 * How long no navigation may start or end before an action counts as settled: a popup or a
 * navigation a click starts reaches Playwright a few milliseconds after the click.
 */
const QUIET_MS = 100;

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A real Chromium (through Playwright) as a {@link Computer}: the page of one browser context,
 * `width`×`height` pixels, with every navigation (of any frame, and of popups) checked against
 * the URL allow list. A refused navigation is answered `204 No Content`, so the page stays where
 * it was, and the action that caused it throws `ComputerActionRefusedError` naming the URL. When
 * the browser process exits or the page crashes, every call throws {@link BrowserCrashedError}.
 *
 * Make one with `launchBrowser()`; close it with {@link BrowserComputer.close} (or `await using`).
 * Its methods take the run's context; `wait` ends early when the run's signal aborts (the loop
 * checks the signal between actions).
 *
 * @example
 * ```ts
 * import { launchBrowser } from '@turnkit/computer';
 * await using browser = await launchBrowser({ allowedUrls: ['http://127.0.0.1:8080'], startUrl: 'http://127.0.0.1:8080/' });
 * await browser.click({ x: 150, y: 116, button: 'left', keys: [] });
 * const png = await browser.screenshot();
 * console.log(browser.currentUrl(), browser.pid);
 * ```
 */
export class BrowserComputer implements Computer {
  readonly dimensions: { readonly width: number; readonly height: number };
  /** The Chromium process id. */
  readonly pid: number | undefined;
  readonly #parts: BrowserParts;
  #page: Page;
  #gone: string | undefined;
  #closed = false;
  #refused: string[] = [];
  /** Navigations of any frame or popup still loading, and when the last one started or ended. */
  readonly #navigations = new Set<Request>();
  #lastActivity = 0;

  constructor(parts: BrowserParts) {
    this.#parts = parts;
    this.#page = parts.page;
    this.dimensions = Object.freeze({ width: parts.width, height: parts.height });
    const process = parts.server.process();
    this.pid = process.pid;
    process.once('exit', (code, signal) => {
      this.#gone ??= signal
        ? `the Chromium process was killed (${signal})`
        : `the Chromium process exited with code ${code}`;
    });
    parts.browser.on('disconnected', () => {
      this.#gone ??= 'the browser disconnected';
    });
    parts.context.route('**/*', (route) => this.#route(route));
    parts.context.on('page', (page) => this.#adopt(page));
    parts.context.on('request', (r) => {
      if (!r.isNavigationRequest()) return;
      this.#navigations.add(r);
      this.#lastActivity = Date.now();
    });
    const done = (r: Request) => {
      if (this.#navigations.delete(r)) this.#lastActivity = Date.now();
    };
    parts.context.on('requestfinished', done);
    parts.context.on('requestfailed', done);
    this.#watch(parts.page);
  }

  /** The page the model sees (a popup it opened becomes the page). */
  get page(): Page {
    return this.#page;
  }

  /** Whether {@link BrowserComputer.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  async #route(route: Route): Promise<void> {
    const request = route.request();
    const url = request.url();
    if (!request.isNavigationRequest() || this.#parts.allowList.allows(url)) {
      await route.continue().catch(() => {});
      return;
    }
    this.#refused.push(url);
    await route.fulfill({ status: 204, body: '' }).catch(() => {});
  }

  #watch(page: Page): void {
    page.on('crash', () => {
      if (page === this.#page) this.#gone ??= 'the page crashed';
    });
    page.on('close', () => {
      if (page !== this.#page) return;
      const open = this.#parts.context.pages().filter((p) => !p.isClosed());
      if (open.length > 0) this.#page = open.at(-1)!;
    });
  }

  #adopt(page: Page): void {
    this.#lastActivity = Date.now();
    this.#watch(page);
    this.#page = page;
  }

  /** Runs one step on the page, turning a dead browser into {@link BrowserCrashedError}. */
  async #step<T>(what: () => Promise<T>): Promise<T> {
    this.#check();
    try {
      return await what();
    } catch (error) {
      if (error instanceof ComputerActionRefusedError) throw error;
      // The exit and disconnect events can trail the failed call: give them up to a second.
      for (
        let waited = 0;
        !this.#gone && !this.#closed && this.#parts.browser.isConnected() && waited < 1000;
        waited += 25
      ) {
        await new Promise((r) => setTimeout(r, 25));
      }
      if (this.#gone || !this.#parts.browser.isConnected()) {
        throw new BrowserCrashedError(this.#gone ?? 'the browser disconnected', this.pid, { cause: error });
      }
      throw error;
    }
  }

  #check(): void {
    if (this.#closed) throw new BrowserCrashedError('the browser was closed with close()', this.pid);
    if (this.#gone) throw new BrowserCrashedError(this.#gone, this.pid);
  }

  /**
   * Lets what an action started happen before the screenshot: a frame and a task pass (so a
   * click's navigation has begun), then until no navigation (of any frame or popup) has started
   * or ended for {@link QUIET_MS} and none is loading (at most `settleMs` in all), and the page
   * loads. Then reports a refused navigation.
   */
  async #settle(action: ComputerActionType): Promise<void> {
    const deadline = Date.now() + this.#parts.settleMs;
    await this.#page
      .evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0))))
      .catch(() => {});
    const quietSince = Date.now();
    while (Date.now() < deadline) {
      const quiet = Date.now() - Math.max(this.#lastActivity, quietSince);
      if (this.#navigations.size === 0 && quiet >= QUIET_MS) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await this.#page
      .waitForLoadState('load', { timeout: Math.max(1, deadline - Date.now()) })
      .catch(() => {});
    this.#check();
    const refused = this.#refused;
    this.#refused = [];
    if (refused.length > 0) {
      const opener = await this.#page.opener().catch(() => null);
      if (opener && this.#page.url() === 'about:blank') await this.#page.close().catch(() => {});
      throw new ComputerActionRefusedError(
        action,
        `it would have opened ${refused.join(', ')}, which is outside the allowed URLs (${this.#parts.allowList.description}); the page stayed where it was.`,
      );
    }
  }

  /** Holds `keys` down around `what` (modifier keys of a mouse action). */
  async #holding(keys: readonly string[], what: () => Promise<void>): Promise<void> {
    const mapped = keys.map(playwrightKey);
    for (const key of mapped) await this.#page.keyboard.down(key);
    try {
      await what();
    } finally {
      for (const key of [...mapped].reverse()) await this.#page.keyboard.up(key).catch(() => {});
    }
  }

  async screenshot(_ctx?: ComputerContext): Promise<Uint8Array> {
    return this.#step(async () => new Uint8Array(await this.#page.screenshot({ type: 'png' })));
  }

  async click(
    input: { x: number; y: number; button: MouseButton; keys: string[] },
    _ctx?: ComputerContext,
  ): Promise<void> {
    await this.#step(async () => {
      const { x, y, button } = input;
      if (button === 'back' || button === 'forward') {
        await (button === 'back' ? this.#page.goBack() : this.#page.goForward());
        // History can be served from the back-forward cache, without a request to refuse.
        if (!this.#parts.allowList.allows(this.#page.url())) {
          const url = this.#page.url();
          await (button === 'back' ? this.#page.goForward() : this.#page.goBack());
          throw new ComputerActionRefusedError(
            'click',
            `going ${button} would have opened ${url}, which is outside the allowed URLs (${this.#parts.allowList.description}).`,
          );
        }
      } else {
        const which = button === 'wheel' ? 'middle' : button === 'right' ? 'right' : 'left';
        await this.#holding(input.keys, () => this.#page.mouse.click(x, y, { button: which }));
      }
      await this.#settle('click');
    });
  }

  async doubleClick(input: { x: number; y: number; keys: string[] }, _ctx?: ComputerContext): Promise<void> {
    await this.#step(async () => {
      await this.#holding(input.keys, () => this.#page.mouse.dblclick(input.x, input.y));
      await this.#settle('double_click');
    });
  }

  async scroll(
    input: {
      x: number;
      y: number;
      scrollX: number;
      scrollY: number;
      keys: string[];
    },
    _ctx?: ComputerContext,
  ): Promise<void> {
    await this.#step(async () => {
      await this.#page.mouse.move(input.x, input.y);
      await this.#holding(input.keys, () =>
        this.#page.evaluate(
          ({ x, y, dx, dy }) => {
            // The innermost element under the pointer that can scroll that way, else the page.
            const scrolls = (e: Element) => {
              const style = getComputedStyle(e);
              const can = (overflow: string) => overflow === 'auto' || overflow === 'scroll';
              return (
                (dy !== 0 && e.scrollHeight > e.clientHeight && can(style.overflowY)) ||
                (dx !== 0 && e.scrollWidth > e.clientWidth && can(style.overflowX))
              );
            };
            let element = document.elementFromPoint(x, y);
            while (
              element &&
              element !== document.body &&
              element !== document.documentElement &&
              !scrolls(element)
            ) {
              element = element.parentElement;
            }
            const target =
              element && element !== document.body && element !== document.documentElement
                ? element
                : (document.scrollingElement ?? document.documentElement);
            target.scrollBy({ left: dx, top: dy, behavior: 'instant' });
          },
          { x: input.x, y: input.y, dx: input.scrollX, dy: input.scrollY },
        ),
      );
      await this.#settle('scroll');
    });
  }

  async type(input: { text: string }, _ctx?: ComputerContext): Promise<void> {
    await this.#step(async () => {
      await this.#page.keyboard.type(input.text);
      await this.#settle('type');
    });
  }

  async keypress(input: { keys: string[] }, _ctx?: ComputerContext): Promise<void> {
    await this.#step(async () => {
      const mapped = input.keys.map(playwrightKey);
      // With Shift held, a letter is its capital, as on a keyboard (Playwright types `a` as "a").
      const shifted = mapped.includes('Shift');
      const keys = mapped.map((k) => (shifted && /^[a-z]$/.test(k) ? k.toUpperCase() : k));
      if (keys.length === 1) {
        await this.#page.keyboard.press(keys[0]!);
      } else {
        // A combination: press each in order, release in reverse.
        for (const key of keys) await this.#page.keyboard.down(key);
        for (const key of [...keys].reverse()) await this.#page.keyboard.up(key);
      }
      await this.#settle('keypress');
    });
  }

  async move(input: { x: number; y: number; keys: string[] }, _ctx?: ComputerContext): Promise<void> {
    await this.#step(async () => {
      await this.#holding(input.keys, () => this.#page.mouse.move(input.x, input.y));
      await this.#settle('move');
    });
  }

  async drag(input: { path: ScreenPoint[]; keys: string[] }, _ctx?: ComputerContext): Promise<void> {
    await this.#step(async () => {
      const [first, ...rest] = input.path;
      await this.#holding(input.keys, async () => {
        await this.#page.mouse.move(first!.x, first!.y);
        await this.#page.mouse.down();
        for (const point of rest) await this.#page.mouse.move(point.x, point.y, { steps: 2 });
        await this.#page.mouse.up();
      });
      await this.#settle('drag');
    });
  }

  async wait(ctx: ComputerContext): Promise<void> {
    this.#check();
    await pause(this.#parts.waitMs, ctx.signal);
    await this.#step(() => this.#settle('wait'));
  }

  currentUrl(): string {
    this.#check();
    return this.#page.url();
  }

  /**
   * Opens `url` in the page, as a person typing it in the address bar would (the model has no
   * such action; use it to set the scene).
   *
   * @throws {ComputerActionRefusedError} for a URL outside the allow list (nothing is opened).
   * @throws {BrowserCrashedError} when the browser is gone.
   */
  async goto(url: string): Promise<void> {
    if (!this.#parts.allowList.allows(url)) {
      throw new ComputerActionRefusedError(
        'click',
        `${url} is outside the allowed URLs (${this.#parts.allowList.description}).`,
      );
    }
    await this.#step(async () => {
      await this.#page.goto(url, { waitUntil: 'load' });
    });
  }

  /** Closes the browser and ends its process. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#parts.browser.close().catch(() => {});
    await this.#parts.server.close().catch(() => {});
  }

  /** Closes the browser, as {@link BrowserComputer.close} does (for `await using`). */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
