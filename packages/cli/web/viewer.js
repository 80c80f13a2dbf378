// The run viewer's page: lists the runs the server reads from run logs and shows one, following
// new lines live over Server-Sent Events. Plain DOM, no dependencies; every value from a log is
// put in the page as text (textContent), never as HTML. This module loads the data; render.js
// draws it.

import { el } from './dom.js';
import { queueRender, renderList } from './render.js';
import { state } from './state.js';

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
