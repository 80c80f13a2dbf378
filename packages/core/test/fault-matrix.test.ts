import type { Emulator } from '@turnkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allCases,
  type CaseOutcome,
  expectedMcpCalls,
  type FaultCase,
  Matrix,
  MODES,
  type Mode,
  sampleCases,
} from './fault-matrix/scenario.js';
import { startTestMcpServer } from './fixtures/mcp-server.js';
import { useEmulator } from './helpers.js';

// The suite runs every 9th case; `FAULT_MATRIX=full` (scripts/fault-matrix.sh) runs them all.
const FULL = process.env.FAULT_MATRIX === 'full';
const SAMPLE_EVERY = 9;
const KEY = 'mcp-secret-fault-matrix';

let emu: Emulator;
let matrix: Matrix;
let mcp: Awaited<ReturnType<typeof startTestMcpServer>>;
useEmulator(
  (e) => {
    emu = e;
  },
  { behavior: (request) => matrix.behavior(request) },
);
beforeAll(async () => {
  mcp = await startTestMcpServer(KEY);
  matrix = new Matrix(() => emu, { url: mcp.url, key: KEY, calls: mcp.calls });
});
afterAll(() => mcp.close());

describe('the fault matrix', () => {
  const baselines = new Map<Mode, CaseOutcome>();
  const tally = { cases: 0, direct: 0, resumed: 0, mcpTwice: 0, started: 0 };

  beforeAll(async () => {
    tally.started = performance.now();
    for (const mode of MODES) baselines.set(mode, await matrix.run(mode));
  });
  afterAll(() => {
    const seconds = ((performance.now() - tally.started) / 1000).toFixed(1);
    console.log(
      `fault matrix (${FULL ? 'full' : `every ${SAMPLE_EVERY}th case`}): ${tally.cases} cases in ${seconds} s; ` +
        `${tally.direct} completed in one run, ${tally.resumed} failed typed and resumed; ` +
        `the MCP call ran twice in ${tally.mcpTwice} (its completion never reached the client)`,
    );
  });

  it('has a fault-free run per mode with three turns and one execution of everything', () => {
    for (const mode of MODES) {
      const baseline = baselines.get(mode)!;
      expect(baseline.failures).toEqual([]);
      expect(baseline.output).toBe('Paris 18 C; Oslo 9 C; 3 items match "umbrella"; time 12:00.');
      expect(Object.fromEntries(baseline.executions)).toEqual({ call_paris: 1, call_oslo: 1, call_time: 1 });
      expect(baseline.mcpCalls).toBe(1);
      expect(new Set(baseline.raw.map((e) => e.turn))).toEqual(new Set([1, 2, 3]));
    }
  });

  const eventsPerRequest = () =>
    Object.fromEntries(
      MODES.map((mode) => {
        const raw = baselines.get(mode)!.raw;
        return [mode, [1, 2, 3].map((turn) => raw.filter((e) => e.turn === turn).length)];
      }),
    ) as Record<Mode, number[]>;
  const doneIndex = (mode: Mode) => {
    const events = baselines.get(mode)!.raw.filter((e) => e.turn === 2);
    const index = events.findIndex((e) => e.type === 'response.output_item.done' && e.item === 'mcp_call');
    return index < 0 ? undefined : index;
  };

  it(
    'ends every case as the fault-free run does, with each call executed exactly once',
    async () => {
      const all = allCases(eventsPerRequest());
      const cases: FaultCase[] = FULL ? all : sampleCases(all, SAMPLE_EVERY);
      expect(all.length).toBeGreaterThan(200);
      const problems: string[] = [];
      for (const fault of cases) {
        const outcome = await matrix.run(fault.mode, fault);
        tally.cases++;
        if (outcome.failures.length === 0) tally.direct++;
        else tally.resumed++;
        const baseline = baselines.get(fault.mode)!;
        const expected = expectedMcpCalls(fault, outcome, doneIndex(fault.mode));
        if (outcome.mcpCalls === 2) tally.mcpTwice++;
        const wrong = [
          outcome.output !== baseline.output && `output ${JSON.stringify(outcome.output)}`,
          JSON.stringify(Object.fromEntries(outcome.executions)) !==
            JSON.stringify({ call_paris: 1, call_oslo: 1, call_time: 1 }) &&
            `executions ${JSON.stringify(Object.fromEntries(outcome.executions))}`,
          outcome.mcpCalls !== expected.calls && `${outcome.mcpCalls} MCP calls, expected ${expected.calls}`,
          expected.mustKeep !== undefined &&
            outcome.failures.some((f) => f.keptMcp) !== expected.mustKeep &&
            `the failed turn ${expected.mustKeep ? 'did not keep' : 'kept'} the MCP call`,
          fault.fault.type === 'http' &&
            fault.fault.status === 429 &&
            outcome.failures.length > 0 &&
            'a retried 429 still failed the run',
        ].filter(Boolean);
        if (wrong.length)
          problems.push(
            `${fault.label}: ${wrong.join('; ')} (failures: ${JSON.stringify(outcome.failures)})`,
          );
      }
      expect(problems).toEqual([]);
    },
    FULL ? 900_000 : 60_000,
  );
});
