import type { ToolInputIssue } from '@turnkit/tools';
import type { RunResult } from '../run/run-result.js';
import { RunError } from './run-errors.js';

/**
 * The model's final answer could not become the agent's typed output. It carries the text the
 * model sent (`rawText`, never parsed further) and `partial`, the run so far: its
 * `lastResponse` is the response in question and its `conversation` continues the run (e.g.
 * with "Please answer again in the required format.").
 *
 * @example
 * ```ts
 * import { type Agent, OutputError } from '@turnkit/core';
 * declare const agent: Agent;
 * const error = await agent.run('Total of INV-7?').catch((e) => e);
 * if (error instanceof OutputError) console.log(error.code, error.rawText);
 * ```
 */
export abstract class OutputError extends RunError {
  /** The text of the final answer as the model sent it (the refusal's text for a refusal). */
  readonly rawText: string;
  /** The response whose answer it is. */
  readonly responseId: string | undefined;
  constructor(
    code: 'output_refused' | 'output_incomplete' | 'output_invalid',
    message: string,
    details: { rawText: string; responseId?: string; partial?: RunResult },
  ) {
    super(code, message, { partial: details.partial });
    this.rawText = details.rawText;
    this.responseId = details.responseId;
  }
}

/**
 * The model refused to answer (a `refusal` content part) instead of giving the structured output.
 * `rawText` is the refusal.
 *
 * @example
 * ```ts
 * import { OutputRefusedError } from '@turnkit/core';
 * declare const error: unknown;
 * declare function showToUser(text: string): void;
 * if (error instanceof OutputRefusedError) showToUser(error.rawText);
 * ```
 */
export class OutputRefusedError extends OutputError {
  override readonly code = 'output_refused' as const;
  constructor(details: { rawText: string; responseId?: string; partial?: RunResult }) {
    super(
      'output_refused',
      `The model refused to give the structured output: ${JSON.stringify(details.rawText.slice(0, 300))}. ` +
        'The refusal is in error.rawText; the run so far in error.partial.',
      details,
    );
  }
}

/**
 * The response stopped before the structured output was complete (status `incomplete`, e.g.
 * `max_output_tokens`), so its JSON is cut short and was not parsed. `reason` is the service's
 * `incomplete_details.reason`.
 *
 * @example
 * ```ts
 * import { OutputIncompleteError } from '@turnkit/core';
 * declare const error: unknown;
 * declare function raiseTheLimit(): void;
 * if (error instanceof OutputIncompleteError && error.reason === 'max_output_tokens') raiseTheLimit();
 * ```
 */
export class OutputIncompleteError extends OutputError {
  override readonly code = 'output_incomplete' as const;
  /** Why the service stopped (`max_output_tokens`, `content_filter` …), when it said. */
  readonly reason: string | undefined;
  constructor(details: { rawText: string; responseId?: string; reason?: string; partial?: RunResult }) {
    super(
      'output_incomplete',
      `The structured output is incomplete (the response stopped${details.reason ? `: ${details.reason}` : ''}), ` +
        `so its ${details.rawText.length} characters of JSON were not parsed. ` +
        (details.reason === 'max_output_tokens'
          ? 'Raise settings.max_output_tokens (it counts reasoning tokens too), or ask for a shorter answer.'
          : 'Continue with error.partial.conversation, or ask again.'),
      details,
    );
    this.reason = details.reason;
  }
}

/**
 * The model's answer is not the structured output: not JSON, JSON that is not an object, or an
 * object the schema refuses (a schema with checks strict mode cannot carry, `strict: false`, or
 * plain JSON mode). `issues` say where and what.
 *
 * @example
 * ```ts
 * import { OutputInvalidError } from '@turnkit/core';
 * declare const error: unknown;
 * if (error instanceof OutputInvalidError) console.log(error.problem, error.issues);
 * ```
 */
export class OutputInvalidError extends OutputError {
  override readonly code = 'output_invalid' as const;
  /** `invalid_json`, `not_an_object` or `schema_mismatch`. */
  readonly problem: 'invalid_json' | 'not_an_object' | 'schema_mismatch';
  /** Every problem found: `{ path, message }` (`path` like `items[2].total`, `''` for the whole). */
  readonly issues: ToolInputIssue[];
  constructor(details: {
    rawText: string;
    responseId?: string;
    outputName: string;
    problem: 'invalid_json' | 'not_an_object' | 'schema_mismatch';
    issues: ToolInputIssue[];
    partial?: RunResult;
  }) {
    const what =
      details.problem === 'invalid_json'
        ? 'is not valid JSON'
        : details.problem === 'not_an_object'
          ? 'is not a JSON object'
          : `does not match the schema of "${details.outputName}"`;
    const listed = details.issues
      .slice(0, 5)
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ');
    super(
      'output_invalid',
      `The model's final answer ${what} (${listed}). The text is in error.rawText; the run so far in error.partial.`,
      details,
    );
    this.problem = details.problem;
    this.issues = details.issues;
  }
}
