// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by package/file and by
// function, as shares of the profile's total. Usage: node src/profile-summary.ts FILE [TOP]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg = '25'] = process.argv.slice(2);
if (!file) {
  console.error('Usage: node src/profile-summary.ts FILE.cpuprofile [TOP]');
  process.exit(2);
}
const top = Number(topArg);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

/** Where a script lives, shortened: `openai/…/file.js`, `@turnkit/core/…`, `node:…`. */
function where(url: string): string {
  if (!url) return '(native/VM)';
  const path = url.replace(/^file:\/\//, '');
  const pnpm = path.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  if (pnpm) return `${pnpm[1]}/${pnpm[2]}`;
  const workspace = path.match(/\/packages\/([^/]+)\/(.*)$/);
  if (workspace) return `@turnkit/${workspace[1]}/${workspace[2]}`;
  const bench = path.match(/\/bench\/overhead\/(.*)$/);
  if (bench) return `bench/${bench[1]}`;
  return path;
}

const self = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});

const byFile = new Map<string, number>();
const byFunction = new Map<string, number>();
const inclusiveByFile = new Map<string, number>();
for (const [id, time] of self) {
  const node = byId.get(id)!;
  const file = where(node.callFrame.url);
  const name = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
  byFile.set(file, (byFile.get(file) ?? 0) + time);
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  // Inclusive time per file: every distinct file on the stack of this sample.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
    seen.add(where(byId.get(at)!.callFrame.url));
  }
  for (const f of seen) inclusiveByFile.set(f, (inclusiveByFile.get(f) ?? 0) + time);
}

const pct = (t: number): string => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
const print = (title: string, map: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [key, time] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${pct(time)}  ${key}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
print('self time by file', byFile);
print('inclusive time by file (on the stack)', inclusiveByFile);
print('self time by function', byFunction);
