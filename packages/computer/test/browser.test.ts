import { ComputerActionRefusedError, type ComputerContext, TurnkitError } from '@turnkit/tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type BrowserComputer,
  BrowserConfigurationError,
  ChromiumNotFoundError,
  findChromium,
  launchBrowser,
  playwrightKey,
  urlAllowList,
} from '../src/index.js';
import { startSite } from './site.js';

let site: Awaited<ReturnType<typeof startSite>>;
let browser: BrowserComputer;
const ctx: ComputerContext = { signal: new AbortController().signal };

beforeAll(async () => {
  site = await startSite();
  browser = await launchBrowser({ allowedUrls: [site.url], startUrl: `${site.url}/actions`, waitMs: 20 });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});
beforeEach(async () => {
  await browser.goto(`${site.url}/actions`);
});

type PageEvent = {
  type: string;
  x: number;
  y: number;
  button: number;
  shift: boolean;
  ctrl: boolean;
  key: string;
};
const events = () => browser.page.evaluate(() => (window as unknown as { events: PageEvent[] }).events);
const page = <T>(fn: () => T) => browser.page.evaluate(fn);

describe('a real Chromium as a Computer', () => {
  it('takes a PNG screenshot of the whole viewport', async () => {
    const png = Buffer.from(await browser.screenshot());
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 768]);
    expect(browser.dimensions).toEqual({ width: 1024, height: 768 });
  });

  it('clicks with each button where it is told, holding modifier keys', async () => {
    await browser.click({ x: 40, y: 50, button: 'left', keys: [] }, ctx);
    await browser.click({ x: 41, y: 51, button: 'right', keys: [] }, ctx);
    await browser.click({ x: 42, y: 52, button: 'wheel', keys: [] }, ctx);
    await browser.click({ x: 43, y: 53, button: 'left', keys: ['shift'] }, ctx);
    const clicks = (await events()).filter((e) => ['click', 'contextmenu', 'auxclick'].includes(e.type));
    expect(clicks.map((e) => [e.type, e.button, e.x, e.y, e.shift])).toEqual([
      ['click', 0, 40, 50, false],
      ['contextmenu', 2, 41, 51, false],
      ['auxclick', 2, 41, 51, false],
      ['auxclick', 1, 42, 52, false],
      ['click', 0, 43, 53, true],
    ]);
  });

  it('double-clicks, moves and drags the pointer', async () => {
    await browser.doubleClick({ x: 60, y: 70, keys: [] }, ctx);
    expect((await events()).filter((e) => e.type === 'dblclick').map((e) => [e.x, e.y])).toEqual([[60, 70]]);
    await browser.move({ x: 200, y: 150, keys: [] }, ctx);
    expect(await page(() => (window as unknown as { lastMove: unknown }).lastMove)).toEqual({
      x: 200,
      y: 150,
      buttons: 0,
    });
    await browser.drag(
      {
        path: [
          { x: 10, y: 10 },
          { x: 100, y: 60 },
          { x: 300, y: 200 },
        ],
        keys: [],
      },
      ctx,
    );
    const presses = (await events()).filter((e) => e.type === 'mousedown' || e.type === 'mouseup').slice(-2);
    expect(presses.map((e) => [e.type, e.x, e.y])).toEqual([
      ['mousedown', 10, 10],
      ['mouseup', 300, 200],
    ]);
    expect(await page(() => (window as unknown as { dragged: number }).dragged)).toBeGreaterThanOrEqual(2);
  });

  it('scrolls the box under the pointer, else the page', async () => {
    await browser.scroll({ x: 600, y: 100, scrollX: 0, scrollY: 300, keys: [] }, ctx);
    expect(await page(() => [document.getElementById('box')!.scrollTop, window.scrollY])).toEqual([300, 0]);
    await browser.scroll({ x: 100, y: 100, scrollX: 0, scrollY: 500, keys: [] }, ctx);
    expect(await page(() => window.scrollY)).toBe(500);
  });

  it('types text and presses keys by the names the model uses', async () => {
    await browser.click({ x: 600, y: 266, button: 'left', keys: [] }, ctx);
    await browser.type({ text: 'Ada Lovelace' }, ctx);
    await browser.keypress({ keys: ['/'] }, ctx);
    await browser.keypress({ keys: ['space'] }, ctx);
    await browser.keypress({ keys: ['x'] }, ctx);
    expect(await page(() => (document.getElementById('field') as HTMLInputElement).value)).toBe(
      'Ada Lovelace/ x',
    );
    await browser.keypress({ keys: ['ctrl', 'a'] }, ctx);
    await browser.keypress({ keys: ['backspace'] }, ctx);
    expect(await page(() => (document.getElementById('field') as HTMLInputElement).value)).toBe('');
    const keys = (await events()).filter((e) => e.type === 'keydown').map((e) => [e.key, e.ctrl]);
    expect(keys.slice(-3)).toEqual([
      ['Control', true],
      ['a', true],
      ['Backspace', false],
    ]);
  });

  it('waits, and goes back and forward through the history', async () => {
    const started = Date.now();
    await browser.wait(ctx);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    await browser.goto(`${site.url}/links`);
    await browser.click({ x: 150, y: 120, button: 'left', keys: [] }, ctx);
    expect(browser.currentUrl()).toBe(`${site.url}/next`);
    await browser.click({ x: 0, y: 0, button: 'back', keys: [] }, ctx);
    expect(browser.currentUrl()).toBe(`${site.url}/links`);
    await browser.click({ x: 0, y: 0, button: 'forward', keys: [] }, ctx);
    expect(browser.currentUrl()).toBe(`${site.url}/next`);
  });

  it('refuses an unknown key name, naming it for the model', async () => {
    const refused = await browser.keypress({ keys: ['hyperkey'] }, ctx).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ComputerActionRefusedError);
    expect((refused as Error).message).toContain('there is no key named "hyperkey"');
  });
});

describe('the URL allow list', () => {
  it('refuses a link outside it, and the page stays where it was', async () => {
    await browser.goto(`${site.url}/links`);
    const refused = await browser
      .click({ x: 150, y: 220, button: 'left', keys: [] }, ctx)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ComputerActionRefusedError);
    expect((refused as ComputerActionRefusedError).reason).toBe(
      `it would have opened http://outside.test/steal, which is outside the allowed URLs (${site.url}); the page stayed where it was.`,
    );
    expect(browser.currentUrl()).toBe(`${site.url}/links`);
  });

  it('follows a popup inside it, and closes one outside it', async () => {
    await browser.goto(`${site.url}/links`);
    await browser.click({ x: 150, y: 320, button: 'left', keys: [] }, ctx);
    expect(browser.currentUrl()).toBe(`${site.url}/next`);
    await browser.page.close();
    expect(browser.currentUrl()).toBe(`${site.url}/links`);
    const refused = await browser
      .click({ x: 150, y: 420, button: 'left', keys: [] }, ctx)
      .catch((e: unknown) => e);
    expect((refused as Error).message).toContain('http://outside.test/popup');
    expect(browser.currentUrl()).toBe(`${site.url}/links`);
  });

  it('refuses to open a page outside it', async () => {
    await expect(browser.goto('https://example.com/')).rejects.toThrow(ComputerActionRefusedError);
  });

  it('matches URL prefixes by origin and path, and RegExps by the whole URL', () => {
    const list = urlAllowList(['http://127.0.0.1:8080', 'https://example.com/app/', /^https:\/\/docs\./]);
    expect(list.allows('http://127.0.0.1:8080/form?x=1')).toBe(true);
    expect(list.allows('http://127.0.0.1:8081/form')).toBe(false);
    expect(list.allows('https://example.com/app/page')).toBe(true);
    expect(list.allows('https://example.com/admin')).toBe(false);
    expect(list.allows('http://example.com/app/page')).toBe(false);
    expect(list.allows('https://docs.example.org/')).toBe(true);
    expect(list.allows('about:blank')).toBe(true);
    expect(list.allows('file:///etc/passwd')).toBe(false);
  });
});

describe('launch options', () => {
  it.each([
    [{ allowedUrls: [] }, 'allowedUrls', /must be a non-empty array/],
    [{ allowedUrls: ['/form'] }, 'allowedUrls[0]', /must be an absolute URL/],
    [{ allowedUrls: 'any', width: 0 }, 'width', /must be a whole number of at least 1, got 0/],
    [{ allowedUrls: ['http://a.test'], startUrl: 'http://b.test/' }, 'startUrl', /outside `allowedUrls`/],
    [{ allowedUrls: 'any', headless: false }, 'headless', /is not an option/],
  ])('refuses %j, naming %s', async (options, option, message) => {
    const error = await launchBrowser(options as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrowserConfigurationError);
    expect((error as BrowserConfigurationError).option).toBe(option);
    expect((error as Error).message).toMatch(message);
  });

  it('says how to install Chromium when the one named does not exist', async () => {
    const error = await launchBrowser({ allowedUrls: 'any', executablePath: '/nowhere/chromium' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect(TurnkitError.is(error) && error.code).toBe('chromium_not_found');
    expect((error as Error).message).toContain('executablePath names /nowhere/chromium');
    expect((error as Error).message).toContain('apt-get install -y chromium');
    expect(() => findChromium(undefined, { TURNKIT_CHROMIUM: '/nowhere/else' })).toThrow(
      'TURNKIT_CHROMIUM names /nowhere/else',
    );
  });

  it('maps the key names of the guides to Playwright names', () => {
    expect(
      ['ctrl', 'CMD', 'option', 'esc', 'Enter', 'arrowdown', 'pageup', 'f5', '/', '\\', 'a', 'Z'].map(
        playwrightKey,
      ),
    ).toEqual([
      'Control',
      'Meta',
      'Alt',
      'Escape',
      'Enter',
      'ArrowDown',
      'PageUp',
      'F5',
      'Slash',
      'Backslash',
      'a',
      'Z',
    ]);
  });
});
