// One load run with autocannon: the benchmark's request, sent as fast as the server answers.
import autocannon from 'autocannon';

/** The request every run sends: a short, non-streamed, unstored text turn. */
export const REQUEST_BODY = JSON.stringify({ model: 'bench', input: 'Hello', store: false });

/** What one run measured. */
export interface LoadResult {
  /** Answers per second over the run (2xx answers / seconds). */
  rps: number;
  requests: number;
  /** Answers that were not 2xx, and connection errors and timeouts: any makes the run invalid. */
  failures: number;
}

/** Loads `url`'s `/responses` for `seconds` with `connections` connections. */
export async function load(baseUrl: string, seconds: number, connections: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${baseUrl}/responses`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
    body: REQUEST_BODY,
    connections,
    duration: seconds,
  });
  const ok = result['2xx'];
  return { rps: ok / seconds, requests: ok, failures: result.non2xx + result.errors + result.timeouts };
}
