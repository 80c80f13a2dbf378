import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'examples/*',
      'test/packaging',
      'test/tsdoc-examples',
      'bench/peers',
      'bench/overhead',
    ],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
