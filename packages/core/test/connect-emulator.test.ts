import { reply } from '@turnkit/emulator';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ConfigurationError, type ConnectFromEnvOptions, connectFromEnv, createAgent } from '../src/index.js';

describe('connectFromEnv with the embedded emulator', () => {
  it('refuses an unknown emulator option, naming it and the options there are', async () => {
    const error = await connectFromEnv({ env: {}, emulator: { scirpt: [] } as never }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.option).toBe('emulator.scirpt');
    expect(error.message).toContain('`scirpt`');
    expect(error.message).toContain('script');
  });

  it('refuses an unknown emulator option on Azure too, where emulator options are otherwise ignored', async () => {
    const error = await connectFromEnv({
      env: {
        AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com',
        AZURE_OPENAI_API_KEY: 'k',
        AZURE_OPENAI_DEPLOYMENT: 'd',
      },
      emulator: { modles: ['x'] } as never,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.option).toBe('emulator.modles');
  });

  it('types the emulator option as the emulator options', () => {
    expectTypeOf<NonNullable<ConnectFromEnvOptions['emulator']>>().toHaveProperty('script');
    // @ts-expect-error a misspelled option is a type error
    const options: ConnectFromEnvOptions = { emulator: { scirpt: [] } };
    expect(options).toBeDefined();
  });

  it('gives the embedded emulator to queue turns and read requests', async () => {
    const connection = await connectFromEnv({ env: {} });
    try {
      expect(connection.emulator).toBeDefined();
      connection.emulator!.enqueue(reply.text('queued from the test'));
      const result = await createAgent({ client: connection }).run('hi');
      expect(result.output).toBe('queued from the test');
      expect(connection.emulator!.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect((connection.emulator!.requests.at(-1)!.body as { model: string }).model).toBe(
        'turnkit-emulator',
      );
    } finally {
      await connection.close();
    }
  });

  it('passes the options on: an emulator key is the key the connection uses', async () => {
    const connection = await connectFromEnv({
      env: {},
      emulator: { apiKey: 'offline-secret', script: [reply.text('with a key')] },
    });
    try {
      const result = await createAgent({ client: connection }).run('hi');
      expect(result.output).toBe('with a key');
      expect(JSON.stringify(connection)).not.toContain('offline-secret');
    } finally {
      await connection.close();
    }
  });

  it('has no emulator on Azure', async () => {
    const connection = await connectFromEnv({
      env: {
        AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com',
        AZURE_OPENAI_API_KEY: 'k',
        AZURE_OPENAI_DEPLOYMENT: 'd',
      },
    });
    expect(connection.emulator).toBeUndefined();
    await connection.close();
  });
});
