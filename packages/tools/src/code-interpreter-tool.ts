import { ToolDefinitionError } from './contract/errors.js';
import { atCallerOf } from './internal/caller-stack.js';

/** The wire form of a code interpreter tool in a request's `tools[]`. */
export interface CodeInterpreterToolDefinition {
  type: 'code_interpreter';
  container: string | { type: 'auto'; file_ids?: string[]; memory_limit?: '1g' | '4g' | '16g' | '64g' };
}

/** Options of {@link codeInterpreterTool}. */
export interface CodeInterpreterToolOptions {
  /**
   * An existing container (`cntr_…`) to run code in, or omit it to let the service create one
   * (`{type: "auto"}`) for the conversation.
   */
  container?: string;
  /** Files (`file-…` ids from the Files API) to copy into an automatic container's `/mnt/data`. */
  fileIds?: readonly string[];
  /** Memory of an automatic container; default the service's (`1g`). */
  memoryLimit?: '1g' | '4g' | '16g' | '64g';
}

/** The service's Python sandbox as a tool. Make one with {@link codeInterpreterTool}. */
export interface CodeInterpreterTool {
  readonly kind: 'hosted_code_interpreter';
  readonly definition: CodeInterpreterToolDefinition;
}

const MEMORY = ['1g', '4g', '16g', '64g'];

/**
 * The hosted code interpreter: the service runs the Python the model writes in a container,
 * with the container's files at `/mnt/data`. Files the code writes come back as
 * `container_file_citation` annotations; download them with `downloadContainerFile()`.
 *
 * @throws {ToolDefinitionError} for a container id that is not one, or options that do not combine.
 * @example
 * ```ts
 * import { connectFromEnv, createAgent, uploadFile } from '@turnkit/core';
 * import { codeInterpreterTool } from '@turnkit/tools';
 * const client = await connectFromEnv();
 * const upload = await uploadFile({ client, path: 'sales.csv' });
 * const python = codeInterpreterTool({ fileIds: [upload.id] });
 * const agent = createAgent({ instructions: 'Analyse the CSV.', tools: [python], client });
 * ```
 * @see https://platform.openai.com/docs/guides/tools-code-interpreter
 */
export function codeInterpreterTool(options: CodeInterpreterToolOptions = {}): CodeInterpreterTool {
  return atCallerOf(codeInterpreterTool, () => buildCodeInterpreterTool(options));
}

function buildCodeInterpreterTool(options: CodeInterpreterToolOptions): CodeInterpreterTool {
  if (options === null || typeof options !== 'object') {
    throw new ToolDefinitionError('code_interpreter', 'codeInterpreterTool takes an options object.');
  }
  const { container, fileIds, memoryLimit } = options;
  if (container !== undefined) {
    if (typeof container !== 'string' || !/^cntr_[A-Za-z0-9_-]+$/.test(container)) {
      throw new ToolDefinitionError(
        'code_interpreter',
        `\`container\` must be a container id like "cntr_…", got ${JSON.stringify(container)}.`,
      );
    }
    if (fileIds !== undefined || memoryLimit !== undefined) {
      throw new ToolDefinitionError(
        'code_interpreter',
        '`fileIds` and `memoryLimit` configure an automatic container; with an existing `container`, add files to it through the Containers API.',
      );
    }
  }
  if (
    fileIds !== undefined &&
    (!Array.isArray(fileIds) || fileIds.some((id) => typeof id !== 'string' || id === ''))
  ) {
    throw new ToolDefinitionError('code_interpreter', '`fileIds` must be an array of file ids.');
  }
  if (memoryLimit !== undefined && !MEMORY.includes(memoryLimit)) {
    throw new ToolDefinitionError('code_interpreter', `\`memoryLimit\` must be one of ${MEMORY.join(', ')}.`);
  }
  const definition: CodeInterpreterToolDefinition = {
    type: 'code_interpreter',
    container:
      container ??
      ({
        type: 'auto',
        ...(fileIds?.length ? { file_ids: [...fileIds] } : {}),
        ...(memoryLimit ? { memory_limit: memoryLimit } : {}),
      } as const),
  };
  return Object.freeze({ kind: 'hosted_code_interpreter', definition: Object.freeze(definition) });
}
