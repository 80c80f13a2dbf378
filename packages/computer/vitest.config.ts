import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'computer',
    include: ['test/**/*.test.ts'],
    // Each file launches one real Chromium and reuses it for its tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
