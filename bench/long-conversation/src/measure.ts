// The bytes of every POST /responses body the openai client sends, through a fetch wrapper, split
// into the compaction item, the reasoning items' encrypted_content, and the rest.

/** One request body. */
export interface RequestSample {
  /** UTF-8 bytes of the whole body. */
  bytes: number;
  /** Bytes of the JSON of the input items of type `compaction`. */
  compactionBytes: number;
  /** Bytes of the `encrypted_content` strings of the input's reasoning items. */
  reasoningBlobBytes: number;
  /** Input items sent. */
  items: number;
  /** Of `items`: reasoning items. */
  reasoningItems: number;
  /** `function_call_output` items whose `function_call` is not in the input (the service refuses those). */
  orphanOutputs: number;
}

/**
 * Splits a request body: the compaction items (their JSON, as the client serialized it), the
 * reasoning items' `encrypted_content`, and the number of input items.
 */
export function splitBody(body: string): RequestSample {
  const parsed = JSON.parse(body) as { input?: unknown };
  const input = Array.isArray(parsed.input) ? (parsed.input as Record<string, unknown>[]) : [];
  let compactionBytes = 0;
  let reasoningBlobBytes = 0;
  let reasoningItems = 0;
  const calls = new Set<unknown>();
  let orphanOutputs = 0;
  for (const item of input) {
    if (item.type === 'function_call') calls.add(item.call_id);
    if (item.type === 'function_call_output' && !calls.has(item.call_id)) orphanOutputs++;
    if (item.type === 'compaction') compactionBytes += Buffer.byteLength(JSON.stringify(item));
    if (item.type === 'reasoning') reasoningItems++;
    if (item.type === 'reasoning' && typeof item.encrypted_content === 'string') {
      reasoningBlobBytes += Buffer.byteLength(item.encrypted_content);
    }
  }
  return {
    bytes: Buffer.byteLength(body),
    compactionBytes,
    reasoningBlobBytes,
    items: input.length,
    reasoningItems,
    orphanOutputs,
  };
}

function pathOf(input: Parameters<typeof fetch>[0]): string {
  const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return new URL(href).pathname;
}

/**
 * A fetch that records every `POST …/responses` body into `samples` before sending it. A body that
 * is not a string (the openai client always sends JSON text) is an error: it could not be measured.
 */
export function measuringFetch(samples: RequestSample[]): typeof fetch {
  return (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method === 'POST' && pathOf(input).endsWith('/responses')) {
      if (typeof init?.body !== 'string') {
        return Promise.reject(new Error('bench: a POST /responses body was not a string; cannot measure it'));
      }
      samples.push(splitBody(init.body));
    }
    return fetch(input, init);
  };
}
