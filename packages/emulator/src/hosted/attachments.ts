import { parseDataUrl } from '../media/data-url.js';
import { imageInfo } from '../media/image-info.js';
import { pdfInfo } from '../media/pdf-info.js';
import type { Attachment } from '../model/attachments.js';
import { invalidImage } from '../validate/input-parts.js';
import { invalidRequest } from '../wire/errors.js';
import type { JsonObject, WireItem } from '../wire/wire-types.js';
import type { ContainerStore } from './containers.js';

/**
 * Resolves the images and files of a request's input (message content parts and the parts of
 * multi-part `function_call_output`s) against the emulator's uploads, and reads what their bytes
 * are, for the model.
 *
 * @throws {HttpError} 400 for a `file_id` that names no uploaded file (`No such File object: …`,
 * naming the param; the real answer is not confirmed), and 400 `The image data you provided does
 * not represent a valid image…` for an `input_image` whose uploaded file is not an image.
 * @example
 * import type { EmulatorState } from '../routes/emulator-state.js';
 * import type { ResolvedContext } from '../state/context.js';
 * import { resolveAttachments } from './attachments.js';
 * declare const state: EmulatorState;
 * declare const context: ResolvedContext;
 * const attachments = resolveAttachments(context.input, state.containers);
 */
export function resolveAttachments(input: readonly WireItem[], files: ContainerStore): Attachment[] {
  const out: Attachment[] = [];
  input.forEach((item, i) => {
    const inMessage = item.type === 'message' && Array.isArray(item.content);
    const inOutput = item.type === 'function_call_output' && Array.isArray(item.output);
    if (!inMessage && !inOutput) return;
    const parts = (inMessage ? item.content : item.output) as JsonObject[];
    const where = inMessage ? 'content' : 'output';
    parts.forEach((part, j) => {
      if (part?.type !== 'input_image' && part?.type !== 'input_file') return;
      out.push(
        resolvePart(part, `input[${i}].${where}[${j}]`, files, {
          item: i,
          callId: inOutput ? String(item.call_id) : null,
        }),
      );
    });
  });
  return out;
}

function resolvePart(
  part: JsonObject,
  param: string,
  files: ContainerStore,
  at: { item: number; callId: string | null },
): Attachment {
  const kind = part.type === 'input_image' ? 'image' : 'file';
  const base: Attachment = {
    ...at,
    kind,
    source: 'url',
    url: null,
    fileId: null,
    filename: typeof part.filename === 'string' ? part.filename : null,
    mime: null,
    bytes: null,
    width: null,
    height: null,
    pages: null,
    text: null,
    detail: typeof part.detail === 'string' ? part.detail : 'auto',
  };
  const url = (kind === 'image' ? part.image_url : part.file_url) as string | undefined;
  let bytes: Buffer;
  let declared: string | null = null;
  if (typeof part.file_id === 'string') {
    const file = files.files.get(part.file_id);
    if (!file) {
      throw invalidRequest(`No such File object: ${part.file_id}`, `${param}.file_id`, 'invalid_value');
    }
    bytes = file.data;
    base.source = 'file_id';
    base.fileId = file.id;
    base.filename ??= file.filename;
  } else {
    const data = kind === 'image' ? url : (part.file_data as string | undefined);
    if (typeof data !== 'string' || !data.startsWith('data:')) return { ...base, url: url ?? null };
    const parsed = parseDataUrl(data);
    if (!parsed.ok) return { ...base, url: null };
    bytes = parsed.bytes;
    declared = parsed.mime || null;
    base.source = 'data_url';
  }
  const image = imageInfo(bytes);
  if (kind === 'image' && !image)
    throw invalidImage(`${param}.${base.source === 'file_id' ? 'file_id' : 'image_url'}`);
  const pdf = image ? null : pdfInfo(bytes);
  return {
    ...base,
    bytes: bytes.length,
    mime: image?.mime ?? (pdf ? 'application/pdf' : declared),
    width: image?.width ?? null,
    height: image?.height ?? null,
    pages: pdf?.pages ?? null,
    text: pdf?.text ?? null,
  };
}
