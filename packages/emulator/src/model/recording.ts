import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ScriptError } from '../wire/errors.js';
import type { JsonObject, ResponseObject, SseEvent } from '../wire/wire-types.js';

/**
 * A recorded call: the stream (`NAME.chunks.txt`, one SSE `data:` JSON a line) and/or the
 * non-streamed body (`NAME.json`).
 */
export interface Recording {
  /** The path prefix, without suffix. */
  prefix: string;
  /** The recorded events, with each line's text kept verbatim; `undefined` without `.chunks.txt`. */
  events: SseEvent[] | undefined;
  /** The recorded JSON body; `undefined` without `.json`. */
  body: JsonObject | undefined;
}

const TERMINAL_EVENTS = ['response.completed', 'response.failed', 'response.incomplete'];

/**
 * Reads a recording from disk (synchronously; recordings are small test fixtures).
 *
 * @throws {ScriptError} when neither file exists, or a line or the body is not a JSON object.
 * @example
 * import { loadRecording } from './recording.js';
 * const rec = loadRecording('fixtures/recordings/azure-tool-call.1');
 * rec.events?.length; // 12
 */
export function loadRecording(prefix: string): Recording {
  const chunksPath = `${prefix}.chunks.txt`;
  const jsonPath = `${prefix}.json`;
  const hasChunks = existsSync(chunksPath);
  const hasJson = existsSync(jsonPath);
  if (!hasChunks && !hasJson) {
    throw new ScriptError(null, 'recording', `no ${chunksPath} or ${jsonPath}`);
  }
  const events = hasChunks
    ? readFileSync(chunksPath, 'utf8')
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line, i) => {
          const data = parseObject(line, `${basename(chunksPath)} line ${i + 1}`);
          if (typeof data.type !== 'string') {
            throw new ScriptError(null, 'recording', `${basename(chunksPath)} line ${i + 1} has no "type"`);
          }
          return { type: data.type, data, raw: line.trim() };
        })
    : undefined;
  const body = hasJson ? parseObject(readFileSync(jsonPath, 'utf8'), basename(jsonPath)) : undefined;
  return { prefix, events, body };
}

function parseObject(text: string, where: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ScriptError(null, 'recording', `${where} is not valid JSON`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ScriptError(null, 'recording', `${where} is not a JSON object`);
  }
  return value as JsonObject;
}

/**
 * Returns the final Response of a recording: the `response` of its terminal event
 * (`response.completed` / `.failed` / `.incomplete`), else its JSON body when that is a Response.
 *
 * @example
 * import { loadRecording, recordedResponse } from './recording.js';
 * const rec = loadRecording('fixtures/recordings/azure-tool-call.1');
 * recordedResponse(rec)?.output[0]?.type; // 'function_call'
 */
export function recordedResponse(recording: Recording, preferStream = true): ResponseObject | undefined {
  const fromStream = recording.events
    ?.filter((e) => TERMINAL_EVENTS.includes(e.type))
    .map((e) => e.data.response)
    .at(-1) as ResponseObject | undefined;
  const fromBody = recording.body?.object === 'response' ? (recording.body as ResponseObject) : undefined;
  return preferStream ? (fromStream ?? fromBody) : (fromBody ?? fromStream);
}
