import { parseDataUrl } from '../media/data-url.js';
import { imageInfo } from '../media/image-info.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';

/**
 * The default model's answer when the context ends with computer call outputs (the screenshots
 * the client sent back): one line per output, `Screenshot for call_…: image/png 1024x768 at
 * http://…` (the size read from the image's bytes; `a file file-…` for an uploaded one; the URL
 * from `current_url`, at the top level or in `output`). `null` when the context does not end so.
 *
 * @example
 * import type { WireItem } from '../wire/wire-types.js';
 * import { computerReport } from './computer-report.js';
 * declare const context: WireItem[]; // ends with the computer_call_output of call_abc
 * computerReport(context); // 'Screenshot for call_abc: image/png 1024x768 at http://127.0.0.1:8080/form'
 */
export function computerReport(context: readonly WireItem[]): string | null {
  const outputs: WireItem[] = [];
  for (let i = context.length - 1; i >= 0 && context[i]!.type === 'computer_call_output'; i--) {
    outputs.unshift(context[i]!);
  }
  if (outputs.length === 0) return null;
  return outputs
    .map((item) => {
      const output = (item.output ?? {}) as JsonObject;
      const url = item.current_url ?? output.current_url;
      return `Screenshot for ${String(item.call_id)}: ${describeScreenshot(output)}${typeof url === 'string' ? ` at ${url}` : ''}`;
    })
    .join('\n');
}

function describeScreenshot(output: JsonObject): string {
  if (typeof output.file_id === 'string') return `a file ${output.file_id}`;
  if (typeof output.image_url !== 'string') return 'no image';
  const parsed = parseDataUrl(output.image_url);
  if (!parsed.ok) return output.image_url;
  const info = imageInfo(parsed.bytes);
  return info ? `${info.mime} ${info.width}x${info.height}` : parsed.mime;
}
