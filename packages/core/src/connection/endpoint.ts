import { ConfigurationError } from '../errors/input-errors.js';

/** Host names of Azure resources that serve the OpenAI v1 API under `/openai/v1/`. */
const AZURE_HOST = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i;
/** A Foundry project endpoint's path: `/api/projects/NAME`. */
const PROJECT = /^(\/api\/projects\/[^/]+)(\/.*)?$/i;
/** A deployment URL as the portal shows it: `/openai/deployments/NAME/…`. */
const DEPLOYMENT = /(?:^|\/)openai\/deployments\/([^/]+)/i;

/** What an endpoint was given as: the option's name in messages, e.g. `endpoint` or `AZURE_OPENAI_ENDPOINT`. */
export interface EndpointSource {
  /** The option or variable name, used in messages and as `ConfigurationError.option`. */
  option?: string;
}

/** The deployment name of a URL path, decoded when it can be. */
function decoded(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function refuse(option: string, message: string): never {
  throw new ConfigurationError(option, message);
}

/**
 * Turns a resource endpoint into the v1 base URL the `openai` client calls, recognizing the
 * shapes the Azure portal shows (see docs/azure.md, "Endpoint shapes"):
 *
 * - `https://R.openai.azure.com`, `…/openai`, `…/openai/v1`, `…/openai/v1/responses` →
 *   `https://R.openai.azure.com/openai/v1/` (likewise `*.cognitiveservices.azure.com` and
 *   `*.services.ai.azure.com`);
 * - a Foundry project endpoint `https://R.services.ai.azure.com/api/projects/P` →
 *   `…/api/projects/P/openai/v1/`;
 * - any other host (a proxy, the emulator): kept when the path ends in `/v1`, else `/openai/v1/`
 *   is added (`/openai` becomes `/openai/v1/`).
 *
 * Refused, with the endpoint to use instead: deployment URLs (`…/openai/deployments/NAME/…`,
 * whose NAME belongs in `model`), dated-API URLs and any query string (`?api-version=…`), other
 * paths on an Azure host, and credentials in the URL. Messages never echo a credential, nor text
 * that is not a URL (it may be a key pasted into the wrong variable).
 *
 * @throws {ConfigurationError} naming `source.option` (default `endpoint`) and the fix.
 * @example
 * ```ts
 * import { toV1BaseUrl } from '@turnkit/core';
 * toV1BaseUrl('https://my-resource.openai.azure.com'); // 'https://my-resource.openai.azure.com/openai/v1/'
 * ```
 * @see https://learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle
 */
export function toV1BaseUrl(endpoint: string, source: EndpointSource = {}): string {
  const option = source.option ?? 'endpoint';
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return refuse(
      option,
      `${option} is not a URL (${endpoint.length} characters, not shown in case it is a key); ` +
        'expected e.g. https://my-resource.openai.azure.com',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    refuse(
      option,
      // The scheme is not echoed: `KEY:rest` parses as a URL whose scheme is part of the key.
      `${option} must be an http(s) URL; e.g. https://my-resource.openai.azure.com`,
    );
  }
  if (url.username || url.password) {
    refuse(
      option,
      `${option} contains credentials (user:password@ before the host); remove them and pass the key as ` +
        '`apiKey` (or AZURE_OPENAI_API_KEY), never in the URL.',
    );
  }
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  const origin = url.origin;
  const deployment = DEPLOYMENT.exec(path)?.[1];
  if (deployment !== undefined) {
    const prefix = path.slice(0, path.search(DEPLOYMENT));
    refuse(
      option,
      `${option} is a deployment URL (…/openai/deployments/${decoded(deployment)}/…): turnkit calls the ` +
        `v1 API, where the deployment is the model. Use the endpoint ${origin}${prefix} and set the model ` +
        `(\`model\`, or AZURE_OPENAI_DEPLOYMENT) to "${decoded(deployment)}".`,
    );
  }
  if (url.search) {
    // Parameter names are shown, not values; a long name may itself be a pasted key.
    const names = [...new Set(url.searchParams.keys())]
      .map((name) => (/^[\w.-]{1,24}$/.test(name) ? name : '(a long parameter name)'))
      .join(', ');
    const key = [...url.searchParams.keys()].some((name) => /key|token|sig|secret|code/i.test(name));
    refuse(
      option,
      `${option} has a query string (${names}); the v1 API takes none` +
        (url.searchParams.has('api-version') ? ' (no api-version is needed)' : '') +
        (key ? ', and a key belongs in `apiKey` (or AZURE_OPENAI_API_KEY), never in the URL' : '') +
        `. Use ${origin}${path}.`,
    );
  }
  if (AZURE_HOST.test(url.hostname)) {
    const project = PROJECT.exec(path);
    const base = project ? project[1]! : '';
    const rest = (project ? (project[2] ?? '') : path).toLowerCase();
    if (!['', '/openai', '/openai/v1', '/openai/v1/responses'].includes(rest)) {
      refuse(
        option,
        `${option} has a path that is not an endpoint of the v1 API on this Azure resource. ` +
          `Use ${origin}${base} (turnkit adds /openai/v1/).`,
      );
    }
    url.pathname = `${base}/openai/v1/`;
    return url.toString();
  }
  const bare = path.replace(/\/v1\/responses$/i, '/v1');
  url.pathname = /\/v1$/i.test(bare)
    ? `${bare}/`
    : /\/openai$/i.test(bare)
      ? `${bare}/v1/`
      : `${bare}/openai/v1/`;
  return url.toString();
}
