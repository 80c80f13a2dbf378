// What plays the model when the example runs offline: a small stand-in that reads which agent is
// asking (from its instructions), the question and the tool results so far, and does what a model
// would: route, call the tools, answer in the typed shape. Live runs never use it.
import { type ModelBehavior, type ModelRequest, reply, type WireItem } from '@turnkit/emulator';

function text(content: unknown): string {
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part) => String(part.text ?? '')).join(' ') : '';
}

/** The last user message, and the tool results that came after it (name, arguments, output). */
function since(request: ModelRequest) {
  const items = request.context;
  const last = items.findLastIndex((item) => item.type === 'message' && item.role === 'user');
  const question = last >= 0 ? text(items[last]!.content) : '';
  const after = items.slice(last + 1);
  const results = after
    .filter((item) => item.type === 'function_call')
    .map((call) => ({
      name: String(call.name),
      args: JSON.parse(String(call.arguments)) as Record<string, unknown>,
      output: String(
        after.find((o: WireItem) => o.type === 'function_call_output' && o.call_id === call.call_id)
          ?.output ?? '',
      ),
    }));
  return { question, results };
}

const answer = (fields: {
  answer: string;
  handledBy: 'triage' | 'billing';
  invoice?: string;
  refunded?: number;
}) =>
  reply.text(
    JSON.stringify({
      answer: fields.answer,
      handledBy: fields.handledBy,
      invoice: fields.invoice ?? null,
      refunded: fields.refunded ?? null,
    }),
  );

const parse = (output: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(output);
  } catch {
    return undefined;
  }
};

function triage(question: string, results: ReturnType<typeof since>['results']) {
  const research = results.find((r) => r.name === 'ask_research');
  if (research) return answer({ answer: research.output, handledBy: 'triage' });
  if (/\b(invoice|refund|charged|bill|payment|INV-\d+)\b/i.test(question))
    return reply.toolCall('transfer_to_billing', {});
  return reply.toolCall('ask_research', { input: question });
}

function research(question: string, results: ReturnType<typeof since>['results']) {
  const found = results.find((r) => r.name === 'search_handbook');
  if (!found) return reply.toolCall('search_handbook', { query: question });
  return reply.text(
    found.output.startsWith('Nothing')
      ? 'The handbook does not cover that; a colleague will follow up by e-mail.'
      : found.output,
  );
}

function billing(question: string, results: ReturnType<typeof since>['results']) {
  const number = /\bINV-\d+\b/i.exec(question)?.[0]?.toUpperCase();
  if (!number)
    return answer({
      answer: 'Which invoice is it about? Its number looks like INV-7.',
      handledBy: 'billing',
    });
  const lookup = results.find((r) => r.name === 'lookup_invoice');
  if (!lookup) return reply.toolCall('lookup_invoice', { number });
  const invoice = parse(lookup.output);
  if (!invoice)
    return answer({
      answer: `I could not find ${number}: ${lookup.output}`,
      handledBy: 'billing',
      invoice: number,
    });
  const amount = `${Number(invoice.total).toFixed(2)} ${String(invoice.currency)}`;
  const wantsRefund = /\brefund|charged twice|twice\b/i.test(question);
  const refund = results.find((r) => r.name === 'refund_invoice');
  if (wantsRefund && !refund) return reply.toolCall('refund_invoice', { number, amount: invoice.total });
  if (refund) {
    const done = parse(refund.output);
    if (done?.status === 'refund issued') {
      return answer({
        answer: `I refunded ${amount} for ${number}; it reaches your card within 5 to 10 working days.`,
        handledBy: 'billing',
        invoice: number,
        refunded: Number(invoice.total),
      });
    }
    const why = /not approved: (.*?)\s*Do not/.exec(refund.output)?.[1] ?? 'it was not approved.';
    return answer({
      answer: `I have not refunded ${number}: ${why.replace(/\.$/, '')}.`,
      handledBy: 'billing',
      invoice: number,
    });
  }
  return answer({
    answer: `${number} is ${amount}, ${String(invoice.status)}.`,
    handledBy: 'billing',
    invoice: number,
  });
}

/** The offline model of the triage example: which agent asks is read from its instructions. */
export const offlineTriageModel: ModelBehavior = (request) => {
  const { question, results } = since(request);
  const who = /You are the (\w+) agent/.exec(request.instructions ?? '')?.[1];
  if (who === 'triage') return triage(question, results);
  if (who === 'research') return research(question, results);
  if (who === 'billing') return billing(question, results);
  return undefined;
};
