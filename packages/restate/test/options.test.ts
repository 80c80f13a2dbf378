import { readFile } from 'node:fs/promises';
import { createAgent } from '@turnkit/core';
import {
  connectDurableAgent,
  DurableAgentError,
  durableAgent,
  registerDeployment,
  serveDurableAgent,
  startRestateServer,
} from '@turnkit/restate';
import { describe, expect, it } from 'vitest';

const agent = createAgent({ name: 'payments', model: 'm' });

describe('options of the durable agent API', () => {
  it('refuses what is not an agent, and a name Restate cannot take, naming the option', () => {
    expect(() => durableAgent({ agent: {} as any })).toThrow(
      expect.objectContaining({ option: 'durableAgent.agent' }),
    );
    expect(() => durableAgent({ agent, name: '1 payments' })).toThrow(/cannot name a Restate service/);
    expect(() => durableAgent({ agent: createAgent({ name: 'my agent' }) })).toThrow(
      expect.objectContaining({ code: 'config_invalid', option: 'durableAgent.name' }),
    );
  });

  it('names the conversation and approvals objects after the agent', () => {
    const durable = durableAgent({ agent });
    expect([durable.name, durable.approvalsName]).toEqual(['payments', 'payments-approvals']);
    expect(durable.services.map((s) => s.name)).toEqual(['payments', 'payments-approvals']);
    expect(durableAgent({ agent, name: 'billing' }).approvalsName).toBe('billing-approvals');
  });

  it('refuses to serve no agents', async () => {
    await expect(serveDurableAgent([])).rejects.toThrow(/needs one or more agents/);
  });

  it('checks client input before sending anything', async () => {
    expect(() => connectDurableAgent({ ingressUrl: '', name: 'payments' })).toThrow(DurableAgentError);
    const client = connectDurableAgent({ ingressUrl: 'http://127.0.0.1:9', name: 'payments' });
    await expect(client.start('c', 'Hi', { runId: 'has space' })).rejects.toMatchObject({
      code: 'input_invalid',
    });
    await expect(client.decide('c', '', true)).rejects.toMatchObject({ code: 'input_invalid' });
    await expect(client.cancel({ conversationId: 'c', runId: 'r', invocationId: 'inv_1' })).rejects.toThrow(
      /needs the `adminUrl` option/,
    );
  });

  it('reports an unreachable Restate as restate_unavailable', async () => {
    const client = connectDurableAgent({ ingressUrl: 'http://127.0.0.1:9', name: 'payments' });
    await expect(client.status('c')).rejects.toMatchObject({ code: 'restate_unavailable' });
    await expect(registerDeployment('http://127.0.0.1:9', 'http://127.0.0.1:9080')).rejects.toMatchObject({
      code: 'restate_unavailable',
    });
  });
});

describe('startRestateServer', () => {
  it("gives the server none of this process's secrets, only RESTATE_* settings and what a process needs", async () => {
    process.env.AZURE_OPENAI_API_KEY = 'sk-never-in-the-server';
    const server = await startRestateServer({ env: { RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL: '2s' } });
    try {
      const environ = (await readFile(`/proc/${server.pid}/environ`, 'utf8')).split('\0');
      expect(environ.join('\n')).not.toContain('sk-never-in-the-server');
      expect(environ).toContain('RESTATE_DEFAULT_RETRY_POLICY__MAX_INTERVAL=2s');
      expect(environ.some((entry) => entry.startsWith('PATH='))).toBe(true);
    } finally {
      delete process.env.AZURE_OPENAI_API_KEY;
      await server.stop();
    }
  });
});
