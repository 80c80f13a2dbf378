import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bench-overhead',
    include: ['test/**/*.test.ts'],
    // A baseline saved and a few rounds of each loop against the emulator, in child processes.
    testTimeout: 120_000,
  },
});
