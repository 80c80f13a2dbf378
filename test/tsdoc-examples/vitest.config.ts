import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'tsdoc-examples',
    include: ['*.test.ts'],
    // One TypeScript program over every package's sources: seconds, more on a loaded machine.
    testTimeout: 120_000,
  },
});
