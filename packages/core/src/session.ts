import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConversationRecord, ConversationStrategy } from './conversation-record.js';
import { ConfigurationError } from './input-errors.js';

/** One stored change of a conversation, with the strategy of the conversation it belongs to. */
export interface SessionEntry {
  strategy: ConversationStrategy;
  record: ConversationRecord;
}

/**
 * Where a conversation is kept between processes: an append-only log of its changes.
 * Implement it over any store (a database row, a blob); `load` returns what `append` stored, in order.
 * Entries hold the conversation's items and response ids, never credentials.
 */
export interface Session {
  load(): Promise<SessionEntry[]>;
  append(entries: readonly SessionEntry[]): Promise<void>;
}

/**
 * A session in memory: for tests, and for apps that keep conversations for the life of a process.
 * @example
 * ```ts
 * const conversation = createConversation({ strategy: 'stateless', session: createMemorySession() });
 * ```
 */
export function createMemorySession(): Session & { readonly entries: readonly SessionEntry[] } {
  const entries: SessionEntry[] = [];
  return {
    entries,
    load: async () => structuredClone(entries),
    append: async (more) => {
      entries.push(...structuredClone([...more]));
    },
  };
}

const OPS = new Set(['push', 'commit', 'replace']);

function checkEntry(value: unknown, where: string): SessionEntry {
  const entry = value as Partial<SessionEntry> | null;
  const record = entry?.record as Partial<ConversationRecord> | undefined;
  if (
    !entry ||
    typeof entry !== 'object' ||
    (entry.strategy !== 'server' && entry.strategy !== 'stateless') ||
    !record ||
    typeof record !== 'object' ||
    !OPS.has(record.op as string)
  ) {
    throw new ConfigurationError('session', `${where} is not a turnkit conversation record.`);
  }
  return entry as SessionEntry;
}

/**
 * A session in a JSON Lines file: one change per line, appended as the conversation goes. The
 * file and its folder are created on the first append. A last line cut short by a crash mid-write
 * is ignored (that change was never acknowledged); any other bad line is an error.
 *
 * @throws {ConfigurationError} from `load()` when the file holds something else.
 * @example
 * ```ts
 * const session = createFileSession('./chats/ada.jsonl');
 * const conversation = await Conversation.resume(session, { strategy: 'stateless' });
 * ```
 */
export function createFileSession(path: string): Session {
  if (typeof path !== 'string' || path === '') {
    throw new ConfigurationError('session.path', 'createFileSession needs the path of a file.');
  }
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const lines = text.split('\n');
      const torn = !text.endsWith('\n') ? lines.length - 1 : -1;
      const entries: SessionEntry[] = [];
      for (const [index, line] of lines.entries()) {
        if (line.trim() === '') continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          if (index === torn) break;
          throw new ConfigurationError(
            'session',
            `${path}:${index + 1} is not JSON: the session file is damaged.`,
          );
        }
        entries.push(checkEntry(parsed, `${path}:${index + 1}`));
      }
      return entries;
    },
    async append(entries) {
      if (entries.length === 0) return;
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
    },
  };
}
