import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // End-to-end tests parse a 15,930-row workbook; give them room on a loaded 2-core machine.
    testTimeout: 60_000,
    // Vitest's default is one worker less than the cores: one file at a time on 2 cores, while most
    // end-to-end files spend their time waiting on child processes (the CLI, the relay, Postfix).
    maxWorkers: 2,
    hookTimeout: 120_000,
  },
});
