/**
 * `@turnkit/computer`: computers for turnkit's computer use tool. {@link launchBrowser} starts a
 * real, headless Chromium through Playwright with a URL allow list; give it to `computerTool()`.
 *
 * @packageDocumentation
 */

export { BrowserComputer, type BrowserParts } from './browser-computer.js';
export {
  BrowserConfigurationError,
  BrowserCrashedError,
  BrowserLaunchError,
  ChromiumNotFoundError,
  type ComputerErrorCode,
} from './errors.js';
export { CHROMIUM_PATHS, findChromium, INSTALL_HINT } from './find-chromium.js';
export { playwrightKey } from './key-names.js';
export { CHROMIUM_FLAGS, type LaunchBrowserOptions, launchBrowser } from './launch-browser.js';
export { type AllowedUrls, type UrlAllowList, urlAllowList } from './url-allow-list.js';
