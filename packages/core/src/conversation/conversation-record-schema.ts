import { z } from 'zod';
import { ConfigurationError } from '../errors/input-errors.js';
import type { SessionEntry } from './conversation-record.js';

/**
 * Where a loaded session entry came from (e.g. `chat.jsonl:12`), set by sessions that know it and
 * read by `Conversation.resume` to name the record at fault. Not enumerable, never stored.
 */
export const entrySource: unique symbol = Symbol('turnkit.sessionEntrySource');

const item = z
  .record(z.string(), z.unknown())
  .refine((i) => typeof i.type === 'string' || typeof i.role === 'string', {
    message: 'expected a Responses API item, with a string `type` (or a `role`)',
  });
const items = z.array(item);
const count = z.number().int().nonnegative();
const record = z.discriminatedUnion('op', [
  z.object({ op: z.literal('push'), items, keepScreenshots: count.min(1).optional() }),
  z.object({
    op: z.literal('commit'),
    responseId: z.string().min(1),
    sent: count,
    output: items,
    calls: z.array(
      z.object({ callId: z.string(), name: z.string(), kind: z.literal('computer').optional() }),
    ),
  }),
  z.object({ op: z.literal('replace'), items }),
  z.object({ op: z.literal('drop'), history: z.array(count), pending: z.array(count) }),
]);
const entry = z.object({ strategy: z.enum(['server', 'stateless']), record });

const noun: Record<string, string> = { record: 'an object', object: 'an object', array: 'an array' };

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      return `expected ${noun[issue.expected] ?? `a ${issue.expected}`}${received ? `, got ${received}` : ''}`;
    }
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_union':
      return 'discriminator' in issue && issue.discriminator === 'op'
        ? 'expected op "push", "commit", "replace" or "drop"'
        : issue.message;
    default:
      return issue.message;
  }
}

/**
 * Checks one stored session entry against the record schema and returns it.
 * @param where - names the entry in the error, e.g. `chat.jsonl:3` or `record 3`.
 * @throws {ConfigurationError} naming `where`, the field at fault and what was expected.
 */
export function parseSessionEntry(value: unknown, where: string): SessionEntry {
  const parsed = entry.safeParse(value);
  if (parsed.success) return parsed.data as SessionEntry;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.');
  throw new ConfigurationError(
    'session',
    `${where}: ${path ? `${path}: ` : ''}${describe(issue)}. This is not a turnkit conversation record: the session is damaged.`,
  );
}
