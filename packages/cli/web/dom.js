// Small DOM and text helpers of the run viewer. Every value is put in the page as text.

import { state } from './state.js';

/** Makes an element: `el('div', { class: 'x', 'data-testid': 'y' }, 'text', child)`. */
export function el(tag, attributes = {}, ...children) {
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

export const fmtTime = (ms) => (ms ? new Date(ms).toLocaleTimeString() : '');
export const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`);
export const fmtBytes = (n) =>
  n >= 1024 * 1024
    ? `${(n / 1024 / 1024).toFixed(1)} MiB`
    : n >= 1024
      ? `${(n / 1024).toFixed(1)} KiB`
      : `${n} B`;
export const pretty = (value) => {
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
export function lazyDetails(key, summary, build, testid) {
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
