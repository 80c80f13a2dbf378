import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bench-peers',
    include: ['test/**/*.test.ts'],
    // One tiny round of every contender, heap phases in their own processes.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
