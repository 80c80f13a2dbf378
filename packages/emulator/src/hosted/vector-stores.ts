import { pdfInfo } from '../media/pdf-info.js';
import { notFound } from '../wire/errors.js';
import { newId, unixSeconds } from '../wire/ids.js';
import type { JsonObject } from '../wire/wire-types.js';
import type { StoredFile } from './containers.js';

/** The chunking the API reference gives as the default (`auto`): 800 tokens, 400 overlapping. */
const STATIC_CHUNKING = { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } };
/** Characters per chunk: 800 tokens at the emulator's 4 characters a token. */
const CHUNK_CHARS = 3200;

/** A file of a vector store: the file, its attributes and the chunks of its text. */
interface StoreFile {
  file: StoredFile;
  created_at: number;
  attributes: JsonObject;
  chunks: string[];
}

/** A vector store (`vs_…`) and its files. */
interface VectorStore {
  id: string;
  created_at: number;
  name: string | null;
  metadata: JsonObject;
  last_active_at: number;
  files: Map<string, StoreFile>;
}

/** One search hit: a chunk of a file, scored 0–1. */
export interface SearchHit {
  file_id: string;
  filename: string;
  score: number;
  attributes: JsonObject;
  text: string;
}

/**
 * The vector stores of one emulator: enough of the Vector Stores API for the `file_search` tool
 * to find text in uploaded files. A file's text (UTF-8, or the strings of a PDF's pages) is cut
 * into chunks of about 800 tokens; a search scores each chunk by the share of the query's words
 * it contains (no embeddings: "semantic" means "shares words" here).
 *
 * @example
 * import type { StoredFile } from './containers.js';
 * import { VectorStores } from './vector-stores.js';
 * declare const uploadedFile: StoredFile; // from POST /files
 * const stores = new VectorStores();
 * const id = String(stores.create({ name: 'docs' }).id);
 * stores.addFile(id, uploadedFile, {});
 * stores.search([id], 'embedding model', 5);
 */
export class VectorStores {
  readonly #stores = new Map<string, VectorStore>();

  /** Creates a vector store. */
  create(options: { name?: string | null; metadata?: JsonObject }): JsonObject {
    const now = unixSeconds();
    const store: VectorStore = {
      id: newId('vs'),
      created_at: now,
      name: options.name ?? null,
      metadata: options.metadata ?? {},
      last_active_at: now,
      files: new Map(),
    };
    this.#stores.set(store.id, store);
    return this.json(store.id);
  }

  /** Every store's wire object, oldest first. */
  list(): JsonObject[] {
    return [...this.#stores.keys()].map((id) => this.json(id));
  }

  /**
   * A store as the API returns it (`object: "vector_store"`, `status: "completed"`, file counts).
   *
   * @throws {HttpError} 404 for an unknown id.
   */
  json(id: string, param: string | null = 'vector_store_id'): JsonObject {
    const store = this.#store(id, param);
    const files = store.files.size;
    return {
      id: store.id,
      object: 'vector_store',
      created_at: store.created_at,
      name: store.name,
      usage_bytes: [...store.files.values()].reduce((n, f) => n + f.file.bytes, 0),
      file_counts: { in_progress: 0, completed: files, failed: 0, cancelled: 0, total: files },
      status: 'completed',
      expires_after: null,
      expires_at: null,
      last_active_at: store.last_active_at,
      metadata: store.metadata,
    };
  }

  /** Updates a store's name and metadata. @throws {HttpError} 404 for an unknown id. */
  update(id: string, changes: { name?: string | null; metadata?: JsonObject | null }): JsonObject {
    const store = this.#store(id);
    if (changes.name !== undefined) store.name = changes.name;
    if (changes.metadata !== undefined) store.metadata = changes.metadata ?? {};
    return this.json(id);
  }

  /** Deletes a store. @throws {HttpError} 404 for an unknown id. */
  delete(id: string): void {
    this.#store(id);
    this.#stores.delete(id);
  }

  /** Adds (or replaces) a file; it is searchable at once (`status: "completed"`). */
  addFile(id: string, file: StoredFile, attributes: JsonObject): JsonObject {
    const store = this.#store(id);
    store.files.set(file.id, { file, created_at: unixSeconds(), attributes, chunks: chunksOf(file) });
    return this.fileJson(id, file.id);
  }

  /** A store's files' wire objects, oldest first. @throws {HttpError} 404 for an unknown store. */
  files(id: string): JsonObject[] {
    return [...this.#store(id).files.keys()].map((fileId) => this.fileJson(id, fileId));
  }

  /** A store file as the API returns it (`object: "vector_store.file"`). @throws {HttpError} 404. */
  fileJson(id: string, fileId: string): JsonObject {
    const entry = this.#file(id, fileId);
    return {
      id: fileId,
      object: 'vector_store.file',
      created_at: entry.created_at,
      vector_store_id: id,
      status: 'completed',
      usage_bytes: entry.file.bytes,
      last_error: null,
      attributes: entry.attributes,
      chunking_strategy: STATIC_CHUNKING,
    };
  }

  /** Removes a file from a store. @throws {HttpError} 404 for an unknown store or file. */
  removeFile(id: string, fileId: string): void {
    this.#file(id, fileId);
    this.#store(id).files.delete(fileId);
  }

  /** Removes a deleted upload from every store. */
  forgetFile(fileId: string): void {
    for (const store of this.#stores.values()) store.files.delete(fileId);
  }

  /**
   * Checks that every id names a store.
   *
   * @throws {HttpError} 404 `Vector store with id '…' not found.` naming `param[i]`.
   */
  check(ids: readonly string[], param: string): void {
    for (const [i, id] of ids.entries()) this.#store(id, `${param}[${i}]`);
  }

  /**
   * Searches stores for a query: every chunk that contains at least one of the query's words,
   * best first (the share of the query's distinct words it contains, 0–1, four decimals), at
   * most `max` hits; `filter` keeps the files whose attributes pass it.
   */
  search(
    ids: readonly string[],
    query: string,
    max: number,
    filter?: (attributes: JsonObject) => boolean,
  ): SearchHit[] {
    const words = [...new Set(wordsOf(query))];
    if (words.length === 0) return [];
    const hits: SearchHit[] = [];
    for (const id of ids) {
      const store = this.#store(id);
      store.last_active_at = unixSeconds();
      for (const entry of store.files.values()) {
        if (filter && !filter(entry.attributes)) continue;
        for (const text of entry.chunks) {
          const present = new Set(wordsOf(text));
          const score = words.filter((w) => present.has(w)).length / words.length;
          if (score === 0) continue;
          hits.push({
            file_id: entry.file.id,
            filename: entry.file.filename,
            score: Math.round(score * 10_000) / 10_000,
            attributes: entry.attributes,
            text,
          });
        }
      }
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, max);
  }

  /** Forgets every store. */
  clear(): void {
    this.#stores.clear();
  }

  #store(id: string, param: string | null = 'vector_store_id'): VectorStore {
    const store = this.#stores.get(id);
    if (!store) throw notFound(`Vector store with id '${id}' not found.`, param);
    return store;
  }

  #file(id: string, fileId: string): StoreFile {
    const entry = this.#store(id).files.get(fileId);
    if (!entry) throw notFound(`No file found with id '${fileId}' in vector store '${id}'.`, 'file_id');
    return entry;
  }
}

/** The text of an uploaded file, cut into chunks of about 800 tokens at paragraph or word ends. */
function chunksOf(file: StoredFile): string[] {
  const text = pdfInfo(file.data)?.text ?? file.data.toString('utf8');
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > CHUNK_CHARS) {
    const cut = Math.max(rest.lastIndexOf('\n\n', CHUNK_CHARS), rest.lastIndexOf(' ', CHUNK_CHARS));
    const end = cut > CHUNK_CHARS / 2 ? cut : CHUNK_CHARS;
    chunks.push(rest.slice(0, end).trim());
    rest = rest.slice(end).trim();
  }
  if (rest !== '') chunks.push(rest);
  return chunks;
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
