import { TurnkitError } from '@turnkit/tools';

/**
 * A run (or a compaction or repair) was started on a conversation that another run is using.
 * Runs of one conversation are turns of one dialogue: the second would send its message into
 * the middle of the first (with the server strategy the service refuses both; stateless, the
 * history would interleave). Nothing was sent or changed. Await the running run, then start the
 * next one.
 *
 * @example
 * ```ts
 * import { type Agent, type Conversation, ConversationBusyError } from '@turnkit/core';
 * declare const agent: Agent;
 * declare const conversation: Conversation;
 * try {
 *   await agent.run('And now?', { conversation });
 * } catch (error) {
 *   if (error instanceof ConversationBusyError) console.log(`wait for ${error.runningRunId}`);
 * }
 * ```
 */
export class ConversationBusyError extends TurnkitError {
  override readonly code = 'conversation_busy' as const;
  /** The id of the run using the conversation (`"compaction"` while one runs). */
  readonly runningRunId: string;
  constructor(runningRunId: string, attempted: 'run' | 'compaction' | 'repair') {
    const user = runningRunId === 'compaction' ? 'a compaction' : `the run ${runningRunId}`;
    super(
      'conversation_busy',
      `This conversation is in use by ${user}, so the ${attempted} was refused: one run at a time per conversation. ` +
        `Await that run's result (or error), then start the next.`,
    );
    this.runningRunId = runningRunId;
  }
}
