// The run, from its entries: turns, tool calls, approvals, compactions and hosted tools.

export function newTurn(n) {
  return {
    n,
    request: undefined,
    requestBytes: undefined,
    startedAt: undefined,
    finishedAt: undefined,
    response: undefined,
    error: undefined,
    usage: undefined,
    texts: new Map(),
    reasoning: new Map(),
    tools: new Map(),
    approvals: new Map(),
    mcpLists: [],
    mcpCalls: [],
    code: new Map(),
    images: new Map(),
    files: [],
    compactions: [],
    notes: [],
  };
}

export function buildRun(entries) {
  const run = { started: undefined, finished: undefined, failed: undefined, turns: new Map() };
  const turn = (n) => {
    if (!run.turns.has(n)) run.turns.set(n, newTurn(n));
    return run.turns.get(n);
  };
  for (const e of entries) {
    switch (e.type) {
      case 'run_started':
        run.started = e;
        break;
      case 'turn_started': {
        const t = turn(e.turn);
        t.request = e.request;
        t.requestBytes = e.requestBytes;
        t.startedAt = e.time;
        break;
      }
      case 'text_delta': {
        const texts = turn(e.turn).texts;
        const text = texts.get(e.itemId) ?? { text: '', done: false };
        text.text += e.delta;
        texts.set(e.itemId, text);
        break;
      }
      case 'message':
        turn(e.turn).texts.set(e.itemId, { text: e.text, done: true });
        break;
      case 'reasoning_delta': {
        const reasoning = turn(e.turn).reasoning;
        const parts = reasoning.get(e.itemId) ?? { parts: [], done: false };
        parts.parts[e.summaryIndex] = (parts.parts[e.summaryIndex] ?? '') + e.delta;
        reasoning.set(e.itemId, parts);
        break;
      }
      case 'reasoning':
        turn(e.turn).reasoning.set(e.itemId, { parts: e.summary, done: true, encrypted: e.encrypted });
        break;
      case 'output_item': {
        const item = e.item;
        if (item.type === 'message') {
          for (const part of item.content ?? []) {
            for (const note of part.annotations ?? []) {
              if (note.type === 'container_file_citation') turn(e.turn).files.push(note);
            }
          }
        }
        break;
      }
      case 'tool_call_started':
        turn(e.turn).tools.set(e.callId, {
          name: e.name,
          callId: e.callId,
          arguments: e.arguments,
          startedAt: e.time,
        });
        break;
      case 'tool_call_finished': {
        const tools = turn(e.turn).tools;
        const tool = tools.get(e.callId) ?? { name: e.name, callId: e.callId, arguments: '' };
        Object.assign(tool, {
          finished: true,
          ok: e.ok,
          output: e.output,
          errorCode: e.errorCode,
          durationMs: e.durationMs,
        });
        tools.set(e.callId, tool);
        break;
      }
      case 'approval_requested':
        turn(e.turn).approvals.set(e.request.id, { request: e.request, decided: undefined });
        break;
      case 'approval_decided': {
        const approvals = turn(e.turn).approvals;
        const approval = approvals.get(e.request.id) ?? { request: e.request };
        approval.decided = { approve: e.approve, by: e.by, reason: e.reason };
        approvals.set(e.request.id, approval);
        break;
      }
      case 'mcp_list_tools':
        turn(e.turn).mcpLists.push(e);
        break;
      case 'mcp_call':
        turn(e.turn).mcpCalls.push(e);
        break;
      case 'code_delta': {
        const code = turn(e.turn).code;
        const call = code.get(e.itemId) ?? { code: '', logs: [], images: [], status: 'in_progress' };
        call.code += e.delta;
        code.set(e.itemId, call);
        break;
      }
      case 'code_interpreter_call':
        turn(e.turn).code.set(e.itemId, {
          code: e.code ?? '',
          logs: e.logs,
          images: e.images,
          status: e.status,
          containerId: e.containerId,
        });
        break;
      case 'image_partial': {
        const images = turn(e.turn).images;
        const image = images.get(e.itemId) ?? { partials: 0 };
        image.partials = e.index + 1;
        images.set(e.itemId, image);
        break;
      }
      case 'image_generated': {
        const images = turn(e.turn).images;
        const image = images.get(e.itemId) ?? { partials: 0 };
        Object.assign(image, {
          base64: e.base64,
          format: e.format,
          size: e.size,
          revisedPrompt: e.revisedPrompt,
          status: e.status,
        });
        images.set(e.itemId, image);
        break;
      }
      case 'compaction':
        turn(e.turn).compactions.push(e);
        break;
      case 'stream_resumed':
        turn(e.turn).notes.push(
          `The stream dropped and was resumed after event ${e.after} (attempt ${e.attempt}).`,
        );
        break;
      case 'usage':
        turn(e.turn).usage = e.usage;
        break;
      case 'turn_finished': {
        const t = turn(e.turn);
        t.response = e.response;
        t.finishedAt = e.time;
        break;
      }
      case 'turn_failed': {
        const t = turn(e.turn);
        t.error = e.error;
        t.finishedAt = e.time;
        break;
      }
      case 'run_finished':
        run.finished = e;
        break;
      case 'run_failed':
        run.failed = e;
        break;
    }
  }
  return run;
}
