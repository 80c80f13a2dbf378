import { ConfigurationError } from '../errors/input-errors.js';

/** The header Azure reads the image generation deployment from. */
export const IMAGE_DEPLOYMENT_HEADER = 'x-ms-oai-image-generation-deployment';

/**
 * The headers that route the image generation tool to an Azure image deployment: `{}` when no
 * deployment is given, else `{"x-ms-oai-image-generation-deployment": name}`.
 *
 * @throws {ConfigurationError} when `deployment` is given but is not a non-empty string.
 * @example
 * import { imageDeploymentHeaders } from './image-deployment.js';
 * imageDeploymentHeaders('gpt-image-1', 'imageDeployment'); // { 'x-ms-oai-image-generation-deployment': 'gpt-image-1' }
 */
export function imageDeploymentHeaders(deployment: unknown, option: string): Record<string, string> {
  if (deployment === undefined) return {};
  if (typeof deployment !== 'string' || deployment.trim() === '' || /[\r\n]/.test(deployment)) {
    throw new ConfigurationError(
      option,
      `\`${option}\` must be the name of your image model deployment (e.g. "gpt-image-1"), got ${JSON.stringify(deployment)}.`,
    );
  }
  return { [IMAGE_DEPLOYMENT_HEADER]: deployment.trim() };
}
