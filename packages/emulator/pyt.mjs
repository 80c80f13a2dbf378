import { loadPyodide } from 'pyodide';

const t0 = Date.now();
const py = await loadPyodide();
console.log('load ms', Date.now() - t0, py.version);
const buf = new Int32Array(new SharedArrayBuffer(4));
py.setInterruptBuffer(buf);
py.FS.mkdirTree('/mnt/data');
py.FS.writeFile('/mnt/data/in.txt', new TextEncoder().encode('hello'));
console.log(
  py.runPython(`
import sys, io
from pyodide.code import eval_code
ns = {'__name__':'__main__'}
out = io.StringIO()
old = sys.stdout
sys.stdout = out
try:
  r = eval_code("print(open('/mnt/data/in.txt').read())\\nx=3\\nx*2", ns)
finally:
  sys.stdout = old
out.getvalue() + repr(r)
`),
);
setTimeout(() => {
  buf[0] = 2;
}, 300);
const t1 = Date.now();
try {
  py.runPython('import time\nwhile True: pass');
} catch (e) {
  console.log('interrupted', Date.now() - t1, String(e).slice(-80));
}
try {
  py.runPython('import time\ntime.sleep(5)');
  console.log('sleep done', Date.now() - t1);
} catch (e) {
  console.log('sleep int', Date.now() - t1, String(e).slice(-80));
}
try {
  py.runPython('import urllib.request\nurllib.request.urlopen("http://example.com")');
} catch (e) {
  console.log('net', String(e).slice(-150));
}
