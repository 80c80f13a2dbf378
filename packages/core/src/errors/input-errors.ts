import { TurnkitError } from '@turnkit/tools';

/** Codes of the errors that `@turnkit/core` raises itself. */
export type CoreErrorCode =
  | 'config_invalid'
  | 'input_invalid'
  | 'media_invalid'
  | 'bad_request'
  | 'auth_failed'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'service_error'
  | 'api_error'
  | 'connection_failed'
  | 'stream_failed'
  | 'stream_stalled'
  | 'response_failed'
  | 'request_too_large'
  | 'listener_failed'
  | 'max_turns_exceeded'
  | 'aborted'
  | 'run_failed'
  | 'run_state_consumed'
  | 'run_state_tampered'
  | 'conversation_busy'
  | 'computer_failed'
  | 'output_refused'
  | 'output_incomplete'
  | 'output_invalid'
  | 'guardrail_tripped'
  | 'guardrail_failed';

/**
 * A configuration given to turnkit cannot work (a missing endpoint, an option of the wrong type,
 * two options that cannot be combined). The message names the option and the fix.
 */
export class ConfigurationError extends TurnkitError {
  override readonly code = 'config_invalid' as const;
  /** The option at fault, as a dotted path (e.g. `agent.maxTurns`). */
  readonly option: string;
  constructor(option: string, message: string, options?: ErrorOptions) {
    super('config_invalid', message, options);
    this.option = option;
  }
}

/** The input given to a run is not something the Responses API accepts. */
export class InputError extends TurnkitError {
  override readonly code = 'input_invalid' as const;
  constructor(message: string, options?: ErrorOptions) {
    super('input_invalid', message, options);
  }
}
