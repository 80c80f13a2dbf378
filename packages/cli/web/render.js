// Rendering: the run list and the selected run, built from its entries on every change.

import { buildRun } from './build-run.js';
import { el, fmtBytes, fmtMs, fmtTime, lazyDetails, pretty } from './dom.js';
import { state } from './state.js';

function statusBadge(status, testid) {
  return el('span', { class: `badge status-${status}`, 'data-testid': testid }, status);
}

export function renderList() {
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

export function queueRender() {
  if (state.renderQueued) return;
  state.renderQueued = true;
  requestAnimationFrame(renderRun);
}
