// The one `fetch` every contender's HTTP client is given: it counts each POST /responses and the
// characters of its body (the SDKs send JSON as a string), and keeps the bodies when asked to.
// The same few operations for every contender, so it costs them all the same.

/** What a counting fetch saw. */
export interface FetchTally {
  requests: number;
  /** Characters of all request bodies (UTF-16 code units; every body here is ASCII JSON). */
  bodyChars: number;
  /** When set, each POST /responses body is pushed here. */
  bodies?: string[];
}

export const emptyFetchTally = (): FetchTally => ({ requests: 0, bodyChars: 0 });

/** A `fetch` that counts into `tally`, then calls the global `fetch`. */
export function countingFetch(tally: FetchTally): typeof fetch {
  return (input, init) => {
    const body = init?.body;
    if (typeof body === 'string') {
      tally.requests++;
      tally.bodyChars += body.length;
      tally.bodies?.push(body);
    } else if (init?.method === 'POST') {
      throw new Error(
        `A contender posted a body that is not a string (${typeof body}): the count would miss it.`,
      );
    }
    return fetch(input, init);
  };
}
