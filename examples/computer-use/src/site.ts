import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The web page the agent works on: a workshop sign-up form on a 1024×768 screen (name at
 * 100,130; email at 100,200; Register at 100,270). Submitting it shows "Thanks, NAME: you are
 * registered." in place of the form.
 */
const FORM = `<!doctype html><title>Workshop sign-up</title>
<style>
  body { margin: 0; font: 18px/1.4 sans-serif; background: #f6f7fb; color: #222 }
  h1 { position: absolute; left: 100px; top: 30px; margin: 0; font-size: 28px }
  label { position: absolute; left: 100px; font-size: 14px; color: #555 }
  input, button { position: absolute; left: 100px; width: 360px; height: 40px; box-sizing: border-box; font: inherit }
  button { width: 160px; background: #2456d3; color: white; border: 0; border-radius: 6px }
  #done { position: absolute; left: 100px; top: 120px; font-size: 24px }
</style>
<h1>Sign up for the Responses API workshop</h1>
<form id="form">
  <label style="top:105px">Name</label><input id="name" style="top:130px" autocomplete="off">
  <label style="top:175px">Email</label><input id="email" style="top:200px" autocomplete="off">
  <button id="register" style="top:270px">Register</button>
</form>
<p id="done" hidden></p>
<script>
  document.getElementById('form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = document.getElementById('name').value;
    document.getElementById('form').hidden = true;
    const done = document.getElementById('done');
    done.textContent = 'Thanks, ' + name + ': you are registered.';
    done.hidden = false;
  });
</script>`;

/** Serves the form at `/` on 127.0.0.1 (a free port). */
export async function serveForm(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const found = req.url === '/' || req.url === '/index.html';
    res.writeHead(found ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(found ? FORM : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
