import type { Exchange } from '../http/http-io.js';
import type { EmulatorState } from './emulator-state.js';

/**
 * A route handler: `params` are the path's captured ids (e.g. container id, file id); `body` is
 * the parsed JSON body, a {@link MultipartBody}, or `{}` when empty.
 */
export type Handler = (
  state: EmulatorState,
  ex: Exchange,
  param: string,
  body: unknown,
  params: readonly string[],
) => Promise<void> | void;

/** A path pattern (relative to the API prefix) and its handlers by method. */
export interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
  /** The methods whose body may be `multipart/form-data` (file uploads); every other body is JSON. */
  uploads?: readonly string[];
}
