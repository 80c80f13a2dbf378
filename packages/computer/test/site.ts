import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The pages the tests drive, at fixed positions on a 1024×768 screen, each recording what
 * happened to it in `window.events` so a test reads the page's own state back:
 * - `/form`: a sign-up form (name at 100,100; email at 100,160; Send at 100,220) whose submit
 *   handler shows "Thanks, NAME" and sets `document.body.dataset.submitted`;
 * - `/actions`: a target that logs mouse and key events, a scrollable box, a 3000 px tall page;
 * - `/links`: a link inside the site (next) and one outside it (away), and a popup opener;
 * - `/next`: a second page, to go back from.
 */
const PAGES: Record<string, string> = {
  '/form': `<!doctype html><title>Sign up</title>
<style>body{margin:0;font:16px sans-serif} input,button{position:absolute;left:100px;width:300px;height:32px;box-sizing:border-box}</style>
<form id="form">
  <input id="name" name="name" style="top:100px" placeholder="Name">
  <input id="email" name="email" style="top:160px" placeholder="Email">
  <button id="send" style="top:220px;width:120px">Send</button>
</form>
<p id="result" style="position:absolute;left:100px;top:280px"></p>
<script>
  document.getElementById('form').addEventListener('submit', (e) => {
    e.preventDefault();
    const data = { name: document.getElementById('name').value, email: document.getElementById('email').value };
    document.body.dataset.submitted = JSON.stringify(data);
    document.getElementById('result').textContent = 'Thanks, ' + data.name;
  });
</script>`,
  '/actions': `<!doctype html><title>Actions</title>
<style>body{margin:0;height:3000px;font:14px sans-serif;user-select:none}
#pad{position:absolute;left:0;top:0;width:400px;height:300px;background:#def}
#box{position:absolute;left:500px;top:0;width:300px;height:200px;overflow:auto;background:#fed}
#field{position:absolute;left:500px;top:250px;width:300px;height:32px}</style>
<div id="pad"></div>
<div id="box"><div style="height:1000px">tall</div></div>
<input id="field">
<script>
  window.events = [];
  const log = (e) => window.events.push({ type: e.type, x: e.clientX, y: e.clientY, button: e.button, shift: e.shiftKey, ctrl: e.ctrlKey, key: e.key });
  const pad = document.getElementById('pad');
  for (const type of ['click', 'dblclick', 'auxclick', 'contextmenu', 'mousedown', 'mouseup']) pad.addEventListener(type, log);
  pad.addEventListener('contextmenu', (e) => e.preventDefault());
  pad.addEventListener('mousemove', (e) => { window.lastMove = { x: e.clientX, y: e.clientY, buttons: e.buttons }; if (e.buttons) window.dragged = (window.dragged || 0) + 1; });
  document.addEventListener('keydown', log);
</script>`,
  '/links': `<!doctype html><title>Links</title>
<style>a,button{position:absolute;left:100px;display:block;width:200px;height:40px}</style>
<a id="next" href="/next" style="top:100px">next page</a>
<a id="away" href="http://outside.test/steal" style="top:200px">outside</a>
<button id="popup" style="top:300px" onclick="window.open('/next')">popup</button>
<button id="popup-away" style="top:400px" onclick="window.open('http://outside.test/popup')">popup away</button>`,
  '/next': `<!doctype html><title>Next</title><p>The next page.</p>`,
};

/** A web server for the pages above on 127.0.0.1 (a free port); `close()` stops it. */
export async function startSite(): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const page = PAGES[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
