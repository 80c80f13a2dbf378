import type OpenAI from 'openai';
import { toFile } from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, reply, startEmulator } from '../src/index.js';
import { type AnyJson, clientFor } from './helpers.js';
import { makePdf } from './make-pdf.js';

let emu: Emulator;
let client: OpenAI;
beforeAll(async () => {
  emu = await startEmulator();
  client = clientFor(emu);
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const NOTES =
  'Generative models predict text.\n\nAn embedding model converts words or images into a dense vector, known as an embedding.';

async function storeWithNotes(): Promise<{ storeId: string; textId: string; pdfId: string }> {
  const text = await client.files.create({
    file: await toFile(Buffer.from(NOTES), 'notes.md'),
    purpose: 'assistants',
  });
  const pdf = await client.files.create({
    file: await toFile(makePdf(['Invoices are due in thirty days.']), 'terms.pdf'),
    purpose: 'assistants',
  });
  const store = await client.vectorStores.create({ name: 'docs', file_ids: [text.id, pdf.id] });
  return { storeId: store.id, textId: text.id, pdfId: pdf.id };
}

async function events(body: Record<string, unknown>): Promise<AnyJson[]> {
  const stream = await client.responses.create({
    model: 'm',
    input: 'Search',
    stream: true,
    ...body,
  } as never);
  const out: AnyJson[] = [];
  for await (const event of stream as unknown as AsyncIterable<ResponseStreamEvent>) out.push(event);
  return out;
}

describe('vector stores', () => {
  it('find text in uploaded files, a PDF too', async () => {
    const { storeId, textId, pdfId } = await storeWithNotes();
    const store = await client.vectorStores.retrieve(storeId);
    expect(store).toMatchObject({ object: 'vector_store', name: 'docs', status: 'completed' });
    expect(store.file_counts).toEqual({ in_progress: 0, completed: 2, failed: 0, cancelled: 0, total: 2 });
    const page = await client.vectorStores.search(storeId, { query: 'What is an embedding model?' });
    expect(page.data[0]).toMatchObject({ file_id: textId, filename: 'notes.md' });
    expect(page.data[0]!.content[0]!.text).toContain('dense vector');
    const invoices = await client.vectorStores.search(storeId, { query: 'invoices due' });
    expect(invoices.data[0]).toMatchObject({ file_id: pdfId, score: 1 });
    expect((await client.vectorStores.files.list(storeId)).data.map((f) => f.id).sort()).toEqual(
      [textId, pdfId].sort(),
    );
  });
});

describe('the file_search tool', () => {
  it('searches the stores and streams the call in the order of the real recording', async () => {
    const { storeId, textId } = await storeWithNotes();
    emu.enqueue(reply.fileSearch(['What is an embedding model?']));
    const tools = [{ type: 'file_search', vector_store_ids: [storeId] }];
    const all = await events({ tools, include: ['file_search_call.results'] });
    const call = all.filter((e) => e.output_index === 0).map((e) => e.type);
    expect(call).toEqual([
      'response.output_item.added',
      'response.file_search_call.in_progress',
      'response.file_search_call.searching',
      'response.file_search_call.completed',
      'response.output_item.done',
    ]);
    expect(all.find((e) => e.type === 'response.output_item.added').item).toEqual({
      id: expect.stringMatching(/^fs_/),
      type: 'file_search_call',
      status: 'in_progress',
      queries: [],
      results: null,
    });
    const final = all.at(-1).response;
    expect(final.tools).toEqual([
      {
        type: 'file_search',
        filters: null,
        max_num_results: 20,
        ranking_options: { ranker: 'auto', score_threshold: 0 },
        vector_store_ids: [storeId],
      },
    ]);
    const [fileCall, message] = final.output;
    expect(fileCall.queries).toEqual(['What is an embedding model?']);
    expect(fileCall.results[0]).toMatchObject({ file_id: textId, filename: 'notes.md', attributes: {} });
    expect(message.content[0].text).toContain('dense vector');
    expect(message.content[0].annotations).toEqual([
      { type: 'file_citation', file_id: textId, filename: 'notes.md', index: message.content[0].text.length },
    ]);
  });

  it('leaves results out unless included, and filters files by their attributes', async () => {
    const notes = await client.files.create({
      file: await toFile(Buffer.from(NOTES), 'fr.md'),
      purpose: 'assistants',
    });
    const store = await client.vectorStores.create({ name: 'langs' });
    await client.vectorStores.files.create(store.id, { file_id: notes.id, attributes: { lang: 'fr' } });
    emu.enqueue(reply.fileSearch('embedding'), reply.fileSearch('embedding'));
    const tool = { type: 'file_search' as const, vector_store_ids: [store.id] };
    const plain = await client.responses.create({ model: 'm', input: 'Go', tools: [tool] });
    expect((plain.output[0] as AnyJson).results).toBeNull();
    const filtered = await client.responses.create({
      model: 'm',
      input: 'Go',
      tools: [{ ...tool, filters: { type: 'eq', key: 'lang', value: 'en' } }],
      include: ['file_search_call.results'],
    });
    expect((filtered.output[0] as AnyJson).results).toEqual([]);
    expect(filtered.output_text).toBe('File search found nothing for "embedding".');
  });

  it('refuses a vector store that does not exist', async () => {
    const error = await client.responses
      .create({ model: 'm', input: 'Go', tools: [{ type: 'file_search', vector_store_ids: ['vs_nope'] }] })
      .catch((e) => e);
    expect(error.status).toBe(404);
    expect(error.param).toBe('tools[0].vector_store_ids[0]');
  });
});

describe('the web_search tool', () => {
  const sources = [
    { url: 'https://example.com/art-week', title: 'Berlin Art Week' },
    { url: 'https://example.org/news' },
  ];

  it('streams the call in the order of the real recording and cites its sources', async () => {
    emu.enqueue(reply.webSearch('Berlin news today', { sources }));
    const all = await events({
      tools: [{ type: 'web_search' }],
      include: ['web_search_call.action.sources'],
    });
    expect(all.filter((e) => e.output_index === 0).map((e) => e.type)).toEqual([
      'response.output_item.added',
      'response.web_search_call.in_progress',
      'response.web_search_call.searching',
      'response.web_search_call.completed',
      'response.output_item.done',
    ]);
    const [call, message] = all.at(-1).response.output;
    expect(call).toEqual({
      id: expect.stringMatching(/^ws_/),
      type: 'web_search_call',
      status: 'completed',
      action: {
        type: 'search',
        query: 'Berlin news today',
        sources: sources.map((s) => ({ type: 'url', url: s.url })),
      },
    });
    const text: string = message.content[0].text;
    for (const annotation of message.content[0].annotations) {
      expect(annotation.type).toBe('url_citation');
      expect(text.slice(annotation.start_index, annotation.end_index)).toBe(
        `[${annotation.title}](${annotation.url})`,
      );
    }
    expect(message.content[0].annotations.map((a: AnyJson) => a.title)).toEqual([
      'Berlin Art Week',
      'example.org',
    ]);
  });

  it('leaves the sources out unless included', async () => {
    emu.enqueue(reply.webSearch('q', { sources, message: 'Done.' }));
    const response = await client.responses.create({
      model: 'm',
      input: 'Go',
      tools: [{ type: 'web_search' }],
    });
    expect((response.output[0] as AnyJson).action).toEqual({ type: 'search', query: 'q' });
    expect(response.output_text).toBe('Done.');
  });

  it('is a script error without the tool in the request', async () => {
    emu.enqueue(reply.webSearch('q'));
    const error = await client.responses.create({ model: 'm', input: 'Go' }).catch((e) => e);
    expect(error.status).toBe(500);
    expect(error.message).toContain('no web_search tool');
  });
});
