import { TurnkitError } from '@turnkit/tools';

/**
 * An image or document cannot be sent as it is: a type the Responses API does not take, bytes
 * that are not what they claim, an unreadable file, or a file name that would leave its folder.
 * The message names the file (or `bytes`) and the fix.
 *
 * @example
 * ```ts
 * import { imageFromFile, MediaError } from '@turnkit/core';
 * try { await imageFromFile('scan.bmp'); }
 * catch (error) { if (error instanceof MediaError) console.error(error.source, error.message); }
 * ```
 */
export class MediaError extends TurnkitError {
  override readonly code = 'media_invalid' as const;
  /** The path, URL or file name at fault, or `bytes` for a buffer. */
  readonly source: string;
  constructor(source: string, message: string, options?: ErrorOptions) {
    super('media_invalid', message, options);
    this.source = source;
  }
}
