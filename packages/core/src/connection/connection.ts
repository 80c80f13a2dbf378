import type { Emulator } from '@turnkit/emulator';
import type OpenAI from 'openai';

/** A ready client plus the model (Azure deployment) to call, and how it was chosen. */
export interface Connection {
  /** The `openai` client; it prints and serializes without its key. */
  client: OpenAI;
  /** The deployment name on Azure; the emulator's model name offline. */
  model: string;
  /** `azure` when the `AZURE_OPENAI_*` variables were set; `emulator` when running offline. */
  mode: 'azure' | 'emulator';
  /** The base URL requests go to (never contains a secret). */
  baseURL: string;
  /**
   * The embedded emulator when running offline (queue turns with `enqueue`, read `requests`), for
   * tests and demos; `undefined` on Azure. {@link Connection.close} stops it.
   */
  readonly emulator: Emulator | undefined;
  /** Stops the embedded emulator, if one was started. Safe to call twice. */
  close(): Promise<void>;
}
