import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'packaging',
    include: ['*.test.ts'],
    // Packing, two installs (the first ones from the registry), two strict compiles and two runs.
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
