import type { ResponseOutputItem } from 'openai/resources/responses/responses';
import type { ClientSource } from './agent.js';
import { toApiError } from './errors.js';
import { InputError } from './input-errors.js';
import type { RunResult } from './run-result.js';
import { clientOf } from './runner/resolve-client.js';

/** A file the code interpreter wrote, as cited in an answer (`container_file_citation`). */
export interface ContainerFile {
  containerId: string;
  fileId: string;
  filename: string;
}

/**
 * The container files the run's answers cite, in order, each once.
 *
 * @example
 * ```ts
 * for (const file of containerFiles(result)) {
 *   await writeFile(file.filename, await downloadContainerFile({ client, ...file }));
 * }
 * ```
 */
export function containerFiles(result: Pick<RunResult, 'items'>): ContainerFile[] {
  const seen = new Map<string, ContainerFile>();
  for (const item of result.items as ResponseOutputItem[]) {
    if (item.type !== 'message') continue;
    for (const part of item.content) {
      if (part.type !== 'output_text') continue;
      for (const a of part.annotations) {
        if (a.type === 'container_file_citation' && !seen.has(a.file_id)) {
          seen.set(a.file_id, { containerId: a.container_id, fileId: a.file_id, filename: a.filename });
        }
      }
    }
  }
  return [...seen.values()];
}

/**
 * Downloads a file from a code interpreter container (`GET /containers/{id}/files/{file_id}/content`).
 *
 * @throws {InputError} for ids that are not strings; {@link ApiError} from the service (e.g. 404 once the container expired).
 */
export async function downloadContainerFile(options: {
  client: ClientSource;
  containerId: string;
  fileId: string;
  signal?: AbortSignal;
}): Promise<Uint8Array> {
  if (typeof options?.containerId !== 'string' || typeof options.fileId !== 'string') {
    throw new InputError('downloadContainerFile needs a containerId and a fileId.');
  }
  const client = clientOf(options.client);
  try {
    const response = await client.containers.files.content.retrieve(
      options.fileId,
      { container_id: options.containerId },
      { signal: options.signal },
    );
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw toApiError(error, { client });
  }
}
