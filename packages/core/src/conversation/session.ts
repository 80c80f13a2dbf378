import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfigurationError } from '../errors/input-errors.js';
import type { SessionEntry } from './conversation-record.js';
import { entrySource, parseSessionEntry } from './conversation-record-schema.js';

export type { SessionEntry } from './conversation-record.js';

/**
 * Where a conversation is kept between processes: an append-only log of its changes.
 * Implement it over any store (a database row, a blob); `load` returns what `append` stored, in order.
 * Entries hold the conversation's items and response ids, never credentials.
 */
export interface Session {
  /** Every entry appended so far, oldest first (an empty array for a new session). */
  load(): Promise<SessionEntry[]>;
  /** Adds `entries` after those already stored; resolves when they are written. */
  append(entries: readonly SessionEntry[]): Promise<void>;
  /**
   * Check-and-set: records `key` and resolves `true` the first time it is claimed, `false` ever
   * after — atomically, also across processes that share the store (a unique key in a database,
   * `SET NX` in Redis, a file created exclusively). A resumed run claims
   * `resume:<state.resumeToken>` before it runs anything, so two copies of one saved run state
   * cannot both resume. Optional: without it, only the same `RunState` object is protected.
   */
  claim?(key: string): Promise<boolean>;
}

/**
 * A session in memory: for tests, and for apps that keep conversations for the life of a process.
 * Its `claim` remembers keys in memory.
 * @example
 * ```ts
 * import { createConversation, createMemorySession } from '@turnkit/core';
 * const conversation = createConversation({ strategy: 'stateless', session: createMemorySession() });
 * ```
 */
export function createMemorySession(): Session & { readonly entries: readonly SessionEntry[] } {
  const entries: SessionEntry[] = [];
  const claims = new Set<string>();
  return {
    entries,
    load: async () => structuredClone(entries),
    append: async (more) => {
      entries.push(...structuredClone([...more]));
    },
    claim: async (key) => {
      if (claims.has(key)) return false;
      claims.add(key);
      return true;
    },
  };
}

/**
 * A session in a JSON Lines file: one change per line, appended as the conversation goes. The
 * file and its folder are created on the first append. A last line cut short by a crash mid-write
 * is ignored (that change was never acknowledged); any other bad line — not JSON, or JSON that is
 * not a conversation record (checked field by field) — is an error naming the line and the field.
 *
 * `claim(key)` creates one file per key in the folder `<path>.claims/`, exclusively (`O_EXCL`), so
 * of several processes claiming one key exactly one wins (on a local file system; network file
 * systems may not honour exclusive creation).
 *
 * @throws {ConfigurationError} from `load()` when the file holds something else.
 * @example
 * ```ts
 * import { Conversation, createFileSession } from '@turnkit/core';
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
        const where = `${path}:${index + 1}`;
        const entry = parseSessionEntry(parsed, where);
        Object.defineProperty(entry, entrySource, { value: where, enumerable: false });
        entries.push(entry);
      }
      return entries;
    },
    async append(entries) {
      if (entries.length === 0) return;
      await mkdir(dirname(path), { recursive: true });
      await appendFile(path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
    },
    async claim(key) {
      const dir = `${path}.claims`;
      await mkdir(dir, { recursive: true });
      const name = createHash('sha256').update(key).digest('hex');
      try {
        await writeFile(join(dir, name), `${key}\n`, { flag: 'wx' });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw error;
      }
    },
  };
}
