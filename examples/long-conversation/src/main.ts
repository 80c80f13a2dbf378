// A long stateless conversation (store: false) with server-side compaction. Each turn prints
// the size of the request it sent; after a compaction the size drops, and the model still
// remembers everything (offline, the emulator answers "What do you remember?" from what it is sent).
//   npm run example -- long-conversation [turns] [--no-compaction]
import { connectFromEnv, createAgent, createConversation, TurnkitError } from '@turnkit/core';

const args = process.argv.slice(2);
const compaction = !args.includes('--no-compaction');
const turnsArg = args.find((a) => !a.startsWith('--'));
const turns = turnsArg === undefined ? 30 : Number(turnsArg);
if (!Number.isInteger(turns) || turns < 1 || turns > 1000) {
  console.error(`turns must be a whole number from 1 to 1000, got "${turnsArg}"`);
  process.exit(2);
}

/** Counts the bytes of each request body, through a fetch wrapper handed to the openai client. */
const sizes: number[] = [];
const measuringFetch: typeof fetch = (url, init) => {
  if (typeof init?.body === 'string') sizes.push(Buffer.byteLength(init.body));
  return fetch(url, init);
};

async function main(): Promise<void> {
  const connection = await connectFromEnv({ fetch: measuringFetch });
  try {
    const agent = createAgent({
      name: 'long-conversation',
      instructions: 'You are a patient note taker. Acknowledge each note briefly.',
      client: connection,
      strategy: 'stateless',
      ...(compaction ? { compactThreshold: 1000 } : {}),
    });
    const conversation = createConversation({ strategy: 'stateless' });
    console.log(
      `[${connection.mode === 'azure' ? `Azure ${connection.model}` : 'offline: embedded emulator'}; compaction ${compaction ? 'on (threshold 1000 tokens)' : 'off'}]`,
    );
    for (let i = 1; i <= turns; i++) {
      const stream = agent.stream(
        `Note ${i}: remember the number ${i * 7}. ${'(some padding to grow the context) '.repeat(3)}`,
        {
          conversation,
        },
      );
      let compacted = '';
      stream.on('compaction', (e) => {
        compacted = ` — compacted: ${e.droppedItems} items dropped, ${e.keptItems} kept`;
      });
      await stream.result;
      const bytes = sizes.at(-1) ?? 0;
      console.log(
        `turn ${String(i).padStart(3)}: sent ${String(bytes).padStart(7)} bytes, ${conversation.history.length} items kept${compacted}`,
      );
    }
    const recall = await agent.run('What do you remember?', { conversation });
    console.log(`\n> What do you remember?\n${recall.output}`);
  } finally {
    await connection.close();
  }
}

await main().catch((error: unknown) => {
  process.exitCode = 1;
  console.error(
    `${TurnkitError.is(error) ? `${error.code}: ` : ''}${error instanceof Error ? error.message : String(error)}`,
  );
});
