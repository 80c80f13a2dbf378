import { existsSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Agent } from '@turnkit/core';
import type { EmulatorOptions } from '@turnkit/emulator';
import { CliUsageError } from '../cli/usage-error.js';

/** What `turnkit run` takes from an agent module. */
export interface AgentModule {
  agent: Agent<unknown>;
  /** Options of the embedded emulator for offline runs (the module's `emulator` export). */
  emulator: EmulatorOptions | undefined;
  /** Dependencies handed to the tools (the module's `deps` export). */
  deps: unknown;
}

function isAgent(value: unknown): value is Agent<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Agent).stream === 'function' &&
    typeof (value as Agent).config === 'object'
  );
}

/**
 * Imports the module at `path` (absolute) and takes its agent from the export `name`.
 * @throws {CliUsageError} when the file is missing, does not load, or exports no agent under `name`.
 */
export async function loadAgentModule(path: string, name: string): Promise<AgentModule> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new CliUsageError('run', `the agent module ${path} does not exist`);
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliUsageError('run', `the agent module ${path} could not be loaded: ${why}`, { cause: error });
  }
  const agent = loaded[name];
  if (!isAgent(agent)) {
    const exported = Object.keys(loaded).filter((key) => isAgent(loaded[key]));
    const hint = exported.length
      ? ` It exports an agent as ${exported.map((key) => `"${key}"`).join(', ')}: pass --export ${exported[0]}.`
      : ' Export one: `export const agent = createAgent({ ... })`.';
    throw new CliUsageError('run', `the agent module ${path} has no agent export named "${name}".${hint}`);
  }
  const emulator = loaded.emulator;
  if (emulator !== undefined && (emulator === null || typeof emulator !== 'object')) {
    throw new CliUsageError(
      'run',
      `the "emulator" export of ${path} must be the emulator's options, e.g. { script }`,
    );
  }
  return { agent, emulator: emulator as EmulatorOptions | undefined, deps: loaded.deps };
}
