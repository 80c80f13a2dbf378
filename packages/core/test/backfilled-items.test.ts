import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { createAgent, type RunEvent } from '../src/index.js';
import { useEmulator } from './helpers.js';

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

const recordings = fileURLToPath(new URL('../../../fixtures/recordings/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'turnkit-backfill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The real stream `openai-mcp-tool-approval.4` as the service sends it when it backfills the
 * `mcp_list_tools` item: every event of that item (output index 0) left out, so the item is
 * only in `response.completed`.
 */
function backfilledRecording(): string {
  const lines = readFileSync(`${recordings}openai-mcp-tool-approval.4.chunks.txt`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => (JSON.parse(line) as { output_index?: number }).output_index !== 0);
  const prefix = join(dir, 'mcp-backfilled.1');
  writeFileSync(`${prefix}.chunks.txt`, `${lines.join('\n')}\n`);
  return prefix;
}

describe('items that only response.completed carries', () => {
  it('still produce their typed events, once, before the response completes', async () => {
    emu.enqueue(reply.recording(backfilledRecording()));
    const stream = createAgent({ model: 'gpt-5-mini', client }).stream('Roll dice');
    const events: RunEvent[] = [];
    stream.on('mcp_list_tools', (e) => events.push(e));
    stream.on('output_item', (e) => events.push(e));
    const result = await stream.result;
    const lists = events.filter((e) => e.type === 'mcp_list_tools');
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ serverLabel: 'zip1', error: null });
    expect((lists[0] as { tools: string[] }).tools).toContain('create_short_url');
    const items = events.flatMap((e) => (e.type === 'output_item' ? [e.item.type] : []));
    expect(items).toEqual(['mcp_call', 'message', 'mcp_list_tools']);
    expect(result.lastResponse?.output.map((item) => item.type)).toEqual([
      'mcp_list_tools',
      'mcp_call',
      'message',
    ]);
  });
});
