// The run viewer's page: lists the runs the server reads from run logs and shows one, following
// new lines live over Server-Sent Events. Plain DOM, no dependencies; every value from a log is
// put in the page as text (textContent), never as HTML.

const state = {
  runs: [],
  problems: [],
  selected: undefined,
  /** The selected run's entries, in order (index = seq). */
  entries: [],
  /** Keys of the <details> the user opened, kept across re-renders. */
  open: new Set(),
  renderQueued: false,
};

/** Makes an element: `el('div', { class: 'x', 'data-testid': 'y' }, 'text', child)`. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const fmtTime = (ms) => (ms ? new Date(ms).toLocaleTimeString() : '');
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
const fmtBytes = (n) =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(1)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${n} B`;
const pretty = (value) => {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
};

/** A collapsible block whose body is built only when opened (raw JSON can be large). */
function lazyDetails(key, summary, build, testid) {
  const details = el('details', { 'data-testid': testid, 'data-key': key });
  const body = el('div');
  details.append(el('summary', {}, summary), body);
  const fill = () => {
    if (details.open && !body.hasChildNodes()) body.append(build());
  };
  details.addEventListener('toggle', () => {
    if (details.open) state.open.add(key);
    else state.open.delete(key);
    fill();
  });
  if (state.open.has(key)) {
    details.open = true;
    fill();
  }
  return details;
}

// ---------------------------------------------------------------------------------------------
// The run, from its entries

function newTurn(n) {
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

function buildRun(entries) {
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

// ---------------------------------------------------------------------------------------------
// Rendering

function statusBadge(status, testid) {
  return el('span', { class: `badge status-${status}`, 'data-testid': testid }, status);
}

function renderList() {
  const list = document.getElementById('runs');
  list.replaceChildren(
    ...state.runs.map((run) =>
      el(
        'li',
        {
          class: `run-item${run.runId === state.selected ? ' selected' : ''}`,
          'data-testid': 'run-item',
          'data-run-id': run.runId,
          onclick: () => {
            location.hash = `run=${encodeURIComponent(run.runId)}`;
          },
        },
        el(
          'div',
          { class: 'title' },
          el('span', {}, run.agent ?? '(unknown agent)'),
          statusBadge(run.status),
        ),
        el(
          'div',
          { class: 'meta' },
          `${fmtTime(run.startedAt)} · ${run.turns} turn${run.turns === 1 ? '' : 's'} · ${run.tokens} tokens`,
          run.model ? ` · ${run.model}` : '',
        ),
        el('div', { class: 'meta' }, run.runId),
      ),
    ),
  );
  document.getElementById('no-runs').hidden = state.runs.length > 0;
  document.getElementById('problems').replaceChildren(...state.problems.map((p) => el('li', {}, p)));
}

function usageFacts(usage) {
  if (!usage) return [];
  return [
    el('span', {}, 'input ', el('b', {}, usage.inputTokens)),
    el('span', {}, 'output ', el('b', {}, usage.outputTokens)),
    usage.cachedInputTokens ? el('span', {}, 'cached ', el('b', {}, usage.cachedInputTokens)) : undefined,
    usage.reasoningTokens ? el('span', {}, 'reasoning ', el('b', {}, usage.reasoningTokens)) : undefined,
  ];
}

function renderTool(tool) {
  const failed = tool.finished && !tool.ok;
  const output =
    tool.output === undefined
      ? undefined
      : typeof tool.output === 'string'
        ? tool.output
        : JSON.stringify(tool.output, null, 2);
  return el(
    'div',
    { class: `tool${failed ? ' error' : ''}`, 'data-testid': 'tool-call', 'data-tool': tool.name },
    el(
      'div',
      { class: 'turn-head' },
      el('h3', {}, el('code', {}, tool.name)),
      el('span', { class: 'muted' }, tool.callId),
      tool.finished
        ? el('span', { 'data-testid': 'tool-duration' }, fmtMs(tool.durationMs))
        : el('span', { class: 'badge live', 'data-testid': 'tool-running' }, 'running'),
      failed
        ? el(
            'span',
            { class: 'error-text', 'data-testid': 'tool-error' },
            `failed: ${tool.errorCode ?? 'error'}`,
          )
        : undefined,
    ),
    el('h4', {}, 'arguments'),
    el('pre', { 'data-testid': 'tool-args' }, pretty(tool.arguments)),
    output === undefined ? undefined : el('h4', {}, 'output'),
    output === undefined ? undefined : el('pre', { 'data-testid': 'tool-output' }, pretty(output)),
  );
}

function renderApproval(approval) {
  const { request, decided } = approval;
  const outcome = decided ? (decided.approve ? 'approved' : 'rejected') : 'pending';
  const where = request.serverLabel ? `${request.serverLabel}.` : '';
  return el(
    'div',
    { class: `approval ${outcome}`, 'data-testid': 'approval' },
    el(
      'div',
      { class: 'turn-head' },
      el('h3', {}, 'Approval: ', el('code', {}, `${where}${request.toolName}`)),
      el('span', { class: 'badge', 'data-testid': 'approval-state' }, outcome),
      decided
        ? el('span', { 'data-testid': 'approval-by' }, `decided by ${decided.by}`)
        : el('span', {}, 'waiting for a decision'),
    ),
    decided?.reason
      ? el('div', { 'data-testid': 'approval-reason' }, `reason: ${decided.reason}`)
      : undefined,
    el('pre', {}, pretty(request.arguments)),
  );
}

function renderCompaction(compaction, turn, next) {
  const before = turn.requestBytes;
  const after = next?.requestBytes;
  return el(
    'div',
    { class: 'compaction', 'data-testid': 'compaction' },
    el('h3', {}, `Compaction (${compaction.source})`),
    el(
      'div',
      { class: 'facts' },
      el('span', {}, 'items dropped ', el('b', {}, compaction.droppedItems)),
      el('span', {}, 'items kept ', el('b', {}, compaction.keptItems)),
      el(
        'span',
        { 'data-testid': 'compaction-before' },
        'request before ',
        el('b', {}, before === undefined ? '?' : fmtBytes(before)),
      ),
      el(
        'span',
        { 'data-testid': 'compaction-after' },
        'request after ',
        el('b', {}, after === undefined ? '(no later request)' : fmtBytes(after)),
      ),
    ),
  );
}

function renderHosted(turn) {
  const blocks = [];
  for (const list of turn.mcpLists) {
    blocks.push(
      el(
        'div',
        { class: `hosted${list.error ? ' error' : ''}`, 'data-testid': 'mcp-list-tools' },
        el('h3', {}, `MCP server ${list.serverLabel}: tools listed`),
        el('div', {}, list.error ? `failed: ${list.error}` : list.tools.join(', ')),
      ),
    );
  }
  for (const call of turn.mcpCalls) {
    blocks.push(
      el(
        'div',
        { class: `hosted${call.error ? ' error' : ''}`, 'data-testid': 'mcp-call' },
        el('h3', {}, 'MCP call ', el('code', {}, `${call.serverLabel}.${call.name}`)),
        el('h4', {}, 'arguments'),
        el('pre', {}, pretty(call.arguments)),
        el('h4', {}, call.error ? 'error' : 'output'),
        el('pre', {}, call.error ? pretty(call.error) : String(call.output)),
      ),
    );
  }
  for (const [itemId, call] of turn.code) {
    blocks.push(
      el(
        'div',
        { class: `hosted${call.status === 'failed' ? ' error' : ''}`, 'data-testid': 'code-call' },
        el(
          'div',
          { class: 'turn-head' },
          el('h3', {}, 'Code interpreter'),
          el('span', { class: 'muted' }, itemId),
          el('span', { class: 'badge' }, call.status),
        ),
        call.containerId ? el('div', { class: 'muted' }, `container ${call.containerId}`) : undefined,
        el('h4', {}, 'code'),
        el('pre', { 'data-testid': 'code' }, call.code),
        call.logs.length ? el('h4', {}, 'logs') : undefined,
        call.logs.length ? el('pre', { 'data-testid': 'code-logs' }, call.logs.join('\n')) : undefined,
        call.images.length ? el('h4', {}, 'images') : undefined,
        ...call.images.map((url) => el('div', { class: 'muted' }, url)),
      ),
    );
  }
  if (turn.files.length) {
    blocks.push(
      el(
        'div',
        { class: 'hosted', 'data-testid': 'code-files' },
        el('h3', {}, 'Files the answer cites'),
        el(
          'ul',
          {},
          ...turn.files.map((f) =>
            el(
              'li',
              { 'data-testid': 'code-file' },
              `${f.filename} (${f.file_id}, container ${f.container_id})`,
            ),
          ),
        ),
      ),
    );
  }
  for (const [itemId, image] of turn.images) {
    const format = image.format ?? 'png';
    blocks.push(
      el(
        'div',
        { class: 'hosted', 'data-testid': 'image-call' },
        el(
          'div',
          { class: 'turn-head' },
          el('h3', {}, 'Image generation'),
          el('span', { class: 'muted' }, itemId),
        ),
        image.revisedPrompt ? el('div', {}, `prompt: ${image.revisedPrompt}`) : undefined,
        el(
          'div',
          { class: 'facts' },
          image.size ? el('span', {}, image.size) : undefined,
          el('span', {}, `${image.partials} partial image(s) streamed`),
        ),
        image.base64
          ? el(
              'div',
              { class: 'images' },
              el('img', {
                src: `data:image/${format};base64,${image.base64}`,
                alt: image.revisedPrompt ?? 'generated image',
                'data-testid': 'generated-image',
              }),
            )
          : el('div', { class: 'muted' }, image.status ? 'no image' : 'generating…'),
      ),
    );
  }
  return blocks;
}

function renderTurn(runId, turn, next) {
  const response = turn.response;
  const duration = turn.finishedAt && turn.startedAt ? fmtMs(turn.finishedAt - turn.startedAt) : undefined;
  const status = turn.error ? 'failed' : response ? response.status : 'running';
  const isPre = turn.n === 0;
  const key = `${runId}:${turn.n}`;
  return el(
    'section',
    { class: `card${turn.error ? ' failed' : ''}`, 'data-testid': 'turn', 'data-turn': turn.n },
    el(
      'div',
      { class: 'turn-head' },
      el('h3', {}, isPre ? 'Before the first turn (decisions of a resumed run)' : `Turn ${turn.n}`),
      isPre ? undefined : statusBadge(status, 'turn-status'),
      duration ? el('span', { class: 'muted' }, duration) : undefined,
      response ? el('code', { class: 'muted' }, response.id) : undefined,
    ),
    turn.usage ? el('div', { class: 'facts', 'data-testid': 'usage' }, ...usageFacts(turn.usage)) : undefined,
    turn.reasoning.size ? el('h4', {}, 'reasoning') : undefined,
    ...[...turn.reasoning.values()].map((r) =>
      el(
        'div',
        { class: 'reasoning', 'data-testid': 'reasoning' },
        r.parts.filter((p) => p !== undefined).join('\n\n') ||
          (r.encrypted ? '(encrypted reasoning, no summary)' : '(no summary)'),
      ),
    ),
    turn.texts.size ? el('h4', {}, 'text') : undefined,
    ...[...turn.texts.values()].map((t) => el('div', { class: 'text', 'data-testid': 'turn-text' }, t.text)),
    ...renderHosted(turn),
    turn.tools.size ? el('h4', {}, 'tool calls') : undefined,
    ...[...turn.tools.values()].map(renderTool),
    turn.approvals.size ? el('h4', {}, 'approvals') : undefined,
    ...[...turn.approvals.values()].map(renderApproval),
    ...turn.compactions.map((c) => renderCompaction(c, turn, next)),
    ...turn.notes.map((note) => el('div', { class: 'note' }, note)),
    turn.error
      ? el(
          'div',
          { class: 'error-text', 'data-testid': 'turn-error' },
          `${turn.error.code ?? turn.error.name}: ${turn.error.message}`,
        )
      : undefined,
    turn.request
      ? lazyDetails(
          `${key}:request`,
          `Raw request (${fmtBytes(turn.requestBytes ?? 0)})`,
          () => el('pre', { 'data-testid': 'raw-request-json' }, JSON.stringify(turn.request, null, 2)),
          'raw-request',
        )
      : undefined,
    response
      ? lazyDetails(
          `${key}:response`,
          'Raw response',
          () => el('pre', { 'data-testid': 'raw-response-json' }, JSON.stringify(response, null, 2)),
          'raw-response',
        )
      : undefined,
  );
}

function renderRun() {
  state.renderQueued = false;
  const main = document.getElementById('run');
  if (!state.selected) return;
  const summary = state.runs.find((r) => r.runId === state.selected);
  const run = buildRun(state.entries);
  const started = run.started;
  const status = run.failed ? 'failed' : run.finished ? run.finished.result.status : 'running';
  const total = run.finished?.result.usage;
  const turns = [...run.turns.values()].sort((a, b) => a.n - b.n);
  main.replaceChildren(
    el(
      'div',
      { class: 'card' },
      el(
        'div',
        { class: 'turn-head' },
        el('h2', { 'data-testid': 'run-agent' }, started?.definition?.name ?? summary?.agent ?? 'run'),
        statusBadge(status, 'run-status'),
        status === 'running'
          ? el('span', { class: 'badge live', 'data-testid': 'live-badge' }, 'live')
          : undefined,
      ),
      el(
        'div',
        { class: 'facts' },
        el('span', {}, 'run ', el('b', {}, state.selected)),
        started?.definition?.model
          ? el('span', {}, 'model ', el('b', {}, started.definition.model))
          : undefined,
        started ? el('span', {}, 'started ', el('b', {}, fmtTime(started.time))) : undefined,
        started?.resumedFrom
          ? el('span', { 'data-testid': 'resumed-from' }, 'resumes ', el('b', {}, started.resumedFrom.runId))
          : undefined,
        total
          ? el('span', { 'data-testid': 'run-usage' }, 'tokens ', el('b', {}, total.totalTokens))
          : undefined,
        summary?.file ? el('span', {}, 'log ', el('b', {}, summary.file)) : undefined,
      ),
      started?.definition?.instructions
        ? el('div', { class: 'muted' }, `instructions: ${started.definition.instructions}`)
        : undefined,
      run.finished?.result.output
        ? el('div', { class: 'text', 'data-testid': 'run-output' }, run.finished.result.output)
        : undefined,
      run.failed
        ? el(
            'div',
            { class: 'error-text', 'data-testid': 'run-error' },
            `${run.failed.error.code ?? run.failed.error.name}: ${run.failed.error.message}`,
          )
        : undefined,
      run.finished?.result.interruptions?.length
        ? el(
            'div',
            { 'data-testid': 'run-waiting' },
            `waiting for ${run.finished.result.interruptions.map((r) => r.toolName).join(', ')}`,
          )
        : undefined,
    ),
    ...turns.map((turn, i) => renderTurn(state.selected, turn, turns[i + 1])),
  );
}

function queueRender() {
  if (state.renderQueued) return;
  state.renderQueued = true;
  requestAnimationFrame(renderRun);
}

// ---------------------------------------------------------------------------------------------
// Data

async function loadRuns() {
  const response = await fetch('/api/runs');
  const data = await response.json();
  state.runs = data.runs;
  state.problems = data.problems;
  renderList();
}

async function loadSelected() {
  const runId = state.selected;
  if (!runId) return;
  const response = await fetch(`/api/runs/${encodeURIComponent(runId)}`);
  if (!response.ok) {
    document
      .getElementById('run')
      .replaceChildren(el('p', { class: 'error-text' }, `No run ${runId} in these logs.`));
    return;
  }
  const data = await response.json();
  if (state.selected !== runId) return;
  state.entries = data.entries.map((stored) => stored.entry);
  queueRender();
}

function selectFromHash() {
  const match = /run=([^&]+)/.exec(location.hash);
  state.selected = match ? decodeURIComponent(match[1]) : undefined;
  state.entries = [];
  renderList();
  loadSelected();
}

function connect() {
  const badge = document.getElementById('connection');
  const live = new EventSource('/api/live');
  live.addEventListener('open', () => {
    badge.textContent = 'live';
    badge.className = 'badge live';
    // Anything written while disconnected is fetched again.
    loadRuns().then(loadSelected);
  });
  live.addEventListener('error', () => {
    badge.textContent = 'disconnected';
    badge.className = 'badge down';
  });
  live.addEventListener('runs', (event) => {
    const data = JSON.parse(event.data);
    state.runs = data.runs;
    state.problems = data.problems;
    renderList();
  });
  live.addEventListener('entries', (event) => {
    const data = JSON.parse(event.data);
    if (data.runId !== state.selected) return;
    for (const stored of data.entries) {
      if (stored.seq === state.entries.length) state.entries.push(stored.entry);
      else if (stored.seq > state.entries.length) {
        loadSelected(); // a gap: fetch the run again
        return;
      }
    }
    queueRender();
  });
}

window.addEventListener('hashchange', selectFromHash);
selectFromHash();
connect();
