// The three agents of the example and their tools. Triage routes: billing questions are handed
// to the billing agent; other questions go to the research agent, which triage runs as a tool.
// Triage and billing answer in one typed shape (`Answer`).
import { type Connection, createAgent } from '@turnkit/core';
import { defineTool } from '@turnkit/tools';
import { z } from 'zod';

/** The final answer every run returns, whichever agent gives it. */
export const Answer = z.object({
  answer: z.string().describe('The reply to the customer, in one or two sentences.'),
  handledBy: z.enum(['triage', 'billing']).describe('The agent that answered.'),
  invoice: z.string().nullable().describe('The invoice the answer is about (e.g. INV-7), or null.'),
  refunded: z.number().nullable().describe('The amount refunded in this conversation, or null.'),
});
export type Answer = z.output<typeof Answer>;

const invoices: Record<string, { total: number; currency: string; status: string }> = {
  'INV-7': { total: 120, currency: 'EUR', status: 'paid twice' },
  'INV-8': { total: 45.5, currency: 'EUR', status: 'paid' },
  'INV-9': { total: 310, currency: 'EUR', status: 'open' },
};

const handbook: Record<string, string> = {
  refund: 'Refunds reach the original card within 5 to 10 working days.',
  invoice: 'Invoices are sent on the first working day of each month, as PDF, to the account e-mail.',
  password: 'A password is reset from the sign-in page ("Forgot password"); support never asks for it.',
  delivery: 'Orders ship within 2 working days; tracking arrives by e-mail.',
};

/** Looks an invoice up. Read-only: no approval. */
export const lookupInvoice = defineTool({
  name: 'lookup_invoice',
  description: 'Look an invoice up by number (e.g. INV-7): total, currency and payment status.',
  input: z.object({ number: z.string().regex(/^INV-\d+$/) }),
  execute: ({ number }) => {
    const found = invoices[number];
    if (!found) throw new Error(`There is no invoice ${number}.`);
    return { number, ...found };
  },
});

/** Refunds an invoice. Moves money, so every call waits for a person's approval. */
export const refundInvoice = defineTool({
  name: 'refund_invoice',
  description: 'Refund an amount of an invoice to the card it was paid with.',
  input: z.object({ number: z.string().regex(/^INV-\d+$/), amount: z.number().positive() }),
  needsApproval: true,
  execute: ({ number, amount }) => ({ number, refunded: amount, status: 'refund issued' }),
});

/** Searches the support handbook (a few entries, matched by keyword). */
export const searchHandbook = defineTool({
  name: 'search_handbook',
  description: 'Search the support handbook for a topic; returns the matching entries.',
  input: z.object({ query: z.string() }),
  execute: ({ query }) => {
    const hits = Object.entries(handbook).filter(([topic]) => query.toLowerCase().includes(topic));
    return hits.length ? hits.map(([, text]) => text).join(' ') : 'Nothing in the handbook matches.';
  },
});

/** The agents, all on one connection (offline: the embedded emulator; live: your Azure deployment). */
export function triageAgents(connection: Connection) {
  const research = createAgent({
    name: 'research',
    description: 'Answers questions from the support handbook.',
    instructions:
      'You are the research agent. Search the support handbook and answer from what it says, briefly.',
    tools: [searchHandbook],
    client: connection,
  });
  const billing = createAgent({
    name: 'billing',
    description: 'Invoices, payments and refunds.',
    instructions:
      'You are the billing agent. Look the invoice up before you answer; refund only what the customer was charged too much. ' +
      'Answer with handledBy "billing".',
    tools: [lookupInvoice, refundInvoice],
    output: Answer,
    client: connection,
  });
  const triage = createAgent({
    name: 'triage',
    instructions:
      'You are the triage agent of a web shop. Hand invoice, payment and refund matters to billing. ' +
      'For other questions ask research, then answer with handledBy "triage".',
    tools: [research.asTool({ name: 'ask_research' })],
    handoffs: [billing],
    output: Answer,
    client: connection,
    strategy: 'stateless',
  });
  return { triage, billing, research };
}
