import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Emulator, reply } from '@turnkit/emulator';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createAgent, RUN_STATE_VERSION, RunState } from '../src/index.js';
import { clerkAgents } from './fixtures/clerk-agents.js';
import { deleteInvoice } from './fixtures/invoice-tools.js';
import { createBodies, useEmulator } from './helpers.js';

const dir = fileURLToPath(new URL('./fixtures/run-state/', import.meta.url));
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

let emu: Emulator;
let client: OpenAI;
useEmulator((e, c) => {
  emu = e;
  client = c;
});

describe('run states saved by earlier releases', () => {
  it('has at least one frozen fixture', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  for (const file of fixtures) {
    it(`${file} loads and resumes to completion`, async () => {
      const state = RunState.fromJSON(readFileSync(`${dir}${file}`, 'utf8'));
      expect(state.approvals.length).toBeGreaterThan(0);
      // One answer per run to finish: the nested runs' (an agent run as a tool) and the outer one's.
      const depth = (s: RunState): number => 1 + Math.max(0, ...s.nested.map((n) => depth(n.state)));
      for (let i = 0; i < depth(state); i++) emu.enqueue(reply.text('Done.'));
      const agent =
        state.nested.length > 0
          ? clerkAgents(createAgent, client, 'stateless').desk
          : createAgent({
              name: state.agentName,
              model: 'm',
              client,
              tools: [deleteInvoice],
              strategy: 'stateless',
            });
      const decisions = Object.fromEntries(state.approvals.map((a) => [a.id, true]));
      const result = await agent.run(state.withDecisions(decisions));
      expect(result.status).toBe('completed');
      const outputs = createBodies(emu)[0].input.filter((i: any) => i.type === 'function_call_output');
      expect(outputs.map((o: any) => o.call_id)).toEqual(state.approvals.map((a) => a.id));
    });

    it(`${file} gets the same resume token on every load, and keeps it when saved again`, () => {
      const text = readFileSync(`${dir}${file}`, 'utf8');
      const token = RunState.fromJSON(text).resumeToken;
      expect(token).toMatch(/^(rt|v1)_/);
      expect(RunState.fromJSON(text).resumeToken).toBe(token);
      const again = RunState.fromJSON(JSON.stringify(RunState.fromJSON(text)));
      expect(again.resumeToken).toBe(token);
      expect(again.toJSON().schemaVersion).toBe(RUN_STATE_VERSION);
    });
  }
});
