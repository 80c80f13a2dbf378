// The payments agent every worker serves: it reads an invoice and pays it, and a payment needs a
// person's approval. The "bank" is a JSON file shared by the workers; a payment is keyed by the
// tool call's id, so a payment retried after a crash is made once.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ClientSource, createAgent } from '@turnkit/core';
import { durableAgent } from '@turnkit/restate';
import { defineTool } from '@turnkit/tools';
import { z } from 'zod';

const INVOICES: Record<string, { amount: number; currency: string; payee: string }> = {
  'INV-7': { amount: 120, currency: 'EUR', payee: 'ACME' },
  'INV-8': { amount: 4200, currency: 'EUR', payee: 'Globex' },
};

/** One payment the bank made. */
export interface Payment {
  id: string;
  callId: string;
  number: string;
  amount: number;
  worker: number;
}

/** The payments the bank file holds. */
export async function readBank(dir: string): Promise<Payment[]> {
  return JSON.parse(await readFile(join(dir, 'bank.json'), 'utf8').catch(() => '[]')) as Payment[];
}

const getInvoice = defineTool({
  name: 'get_invoice',
  description: 'Look up an invoice by its number, e.g. INV-7.',
  input: z.object({ number: z.string() }),
  execute: ({ number }) => {
    const invoice = INVOICES[number];
    if (!invoice) throw new Error(`there is no invoice ${number}`);
    return { number, ...invoice };
  },
});

function payInvoice(dir: string, delayMs: number) {
  return defineTool({
    name: 'pay_invoice',
    description: 'Pay an invoice. A person approves every payment first.',
    input: z.object({ number: z.string(), amount: z.number().positive() }),
    needsApproval: true,
    execute: async ({ number, amount }, { callId, signal }) => {
      // Talking to the bank takes a while: kill this worker now and the other one pays instead.
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, delayMs);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(signal.reason);
          },
          { once: true },
        );
      });
      const bank = await readBank(dir);
      const known = bank.find((payment) => payment.callId === callId);
      if (known) return { paid: known.amount, number, payment: known.id, note: 'already paid by this call' };
      const payment = { id: `pmt_${bank.length + 1}`, callId, number, amount, worker: process.pid };
      await writeFile(join(dir, 'bank.json'), JSON.stringify([...bank, payment], null, 2));
      return { paid: amount, number, payment: payment.id };
    },
  });
}

/** The durable agent, with its requests going to `client`. */
export function paymentsAgent(options: {
  dir: string;
  client: ClientSource;
  model: string;
  payDelayMs: number;
}) {
  const agent = createAgent({
    name: 'payments',
    instructions: 'You pay invoices. Look an invoice up before you pay it.',
    model: options.model,
    client: options.client,
    tools: [getInvoice, payInvoice(options.dir, options.payDelayMs)],
  });
  // A waiting run is suspended after 2 s without activity (Restate's default is a minute).
  return durableAgent({ agent, restateOptions: { inactivityTimeout: 2000 } });
}
