// The code interpreter's Python sandbox: one Pyodide (CPython compiled to WebAssembly, standard
// library only) in a worker thread, so a runaway run can be interrupted or the worker terminated.
// Messages in: {op: 'run', id, container, code, files: [{path, data}]}, {op: 'reset', container}.
// Messages out: {op: 'ready'} | {op: 'failed', message} | {op: 'begun', id} (the files are
// written, the code starts) | {op: 'ended', id} (the code is done, the files are read back) |
// {op: 'result', id, logs, error, timedOut, changed: [{path, data}], deleted: [path]}.
import { parentPort, workerData } from 'node:worker_threads';

const RUNNER = `
import io, socket, sys, traceback
from pyodide.code import eval_code

def _tk_no_network(*args, **kwargs):
    raise OSError(101, 'Network is unreachable (the emulator sandbox has no network access)')

socket.socket.connect = _tk_no_network
socket.socket.connect_ex = _tk_no_network
socket.create_connection = _tk_no_network
socket.getaddrinfo = _tk_no_network
for _name in ('js', 'pyodide_js', 'pyodide.http', 'pyodide.ffi'):
    sys.modules[_name] = None

_tk_namespaces = {}

def _tk_reset(container):
    _tk_namespaces.pop(container, None)

def _tk_user_tb(tb):
    while tb is not None and tb.tb_frame.f_code.co_filename != '<code>':
        tb = tb.tb_next
    return tb

def _tk_run(container, code):
    out = io.StringIO()
    saved = sys.stdout, sys.stderr
    error = None
    timed_out = False
    try:
        ns = _tk_namespaces.get(container)
        if ns is None:
            ns = _tk_namespaces[container] = {'__name__': '__main__'}
        sys.stdout = sys.stderr = out
        result = eval_code(code, ns, filename='<code>')
        if result is not None:
            out.write(repr(result))
    except KeyboardInterrupt:
        timed_out = True
    except BaseException as e:
        error = ''.join(traceback.format_exception(type(e), e, _tk_user_tb(e.__traceback__)))
    finally:
        sys.stdout, sys.stderr = saved
    return [out.getvalue(), error, timed_out]
`;

const DATA = '/mnt/data';

function clearDir(FS, dir) {
  for (const name of FS.readdir(dir)) {
    if (name === '.' || name === '..') continue;
    const path = `${dir}/${name}`;
    if (FS.isDir(FS.stat(path).mode)) {
      clearDir(FS, path);
      FS.rmdir(path);
    } else {
      FS.unlink(path);
    }
  }
}

function listFiles(FS, dir, out = []) {
  for (const name of FS.readdir(dir)) {
    if (name === '.' || name === '..') continue;
    const path = `${dir}/${name}`;
    if (FS.isDir(FS.stat(path).mode)) listFiles(FS, path, out);
    else out.push(path);
  }
  return out;
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function main() {
  let py;
  try {
    const { loadPyodide } = await import(workerData.moduleUrl);
    py = await loadPyodide({ indexURL: workerData.indexURL });
    py.FS.mkdirTree(DATA);
    py.runPython(RUNNER);
    py.setInterruptBuffer(new Int32Array(workerData.interrupt));
  } catch (error) {
    parentPort.postMessage({ op: 'failed', message: String(error?.message ?? error) });
    return;
  }
  const FS = py.FS;
  const run = py.globals.get('_tk_run');
  const reset = py.globals.get('_tk_reset');
  parentPort.on('message', (message) => {
    if (message.op === 'reset') {
      reset(message.container);
      return;
    }
    if (message.op !== 'run') return;
    clearDir(FS, DATA);
    const before = new Map();
    for (const file of message.files) {
      const slash = file.path.lastIndexOf('/');
      FS.mkdirTree(file.path.slice(0, slash));
      const data = new Uint8Array(file.data);
      FS.writeFile(file.path, data);
      before.set(file.path, data);
    }
    // The code's time limit runs from this message to 'ended': the files do not count.
    parentPort.postMessage({ op: 'begun', id: message.id });
    let logs = '';
    let error = null;
    let timedOut = false;
    try {
      const proxy = run(message.container, message.code);
      [logs, error, timedOut] = proxy.toJs();
      proxy.destroy();
    } catch (thrown) {
      // An interrupt that lands in _tk_run before its try block.
      if (!String(thrown?.message ?? thrown).includes('KeyboardInterrupt')) throw thrown;
      timedOut = true;
    }
    parentPort.postMessage({ op: 'ended', id: message.id });
    const changed = [];
    const seen = new Set();
    for (const path of listFiles(FS, DATA)) {
      seen.add(path);
      const data = FS.readFile(path);
      const old = before.get(path);
      if (!old || !sameBytes(old, data)) changed.push({ path, data });
    }
    const deleted = [...before.keys()].filter((path) => !seen.has(path));
    parentPort.postMessage(
      { op: 'result', id: message.id, logs, error: error ?? null, timedOut, changed, deleted },
      changed.map((file) => file.data.buffer),
    );
  });
  parentPort.postMessage({ op: 'ready' });
}

void main();
