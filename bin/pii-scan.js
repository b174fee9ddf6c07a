#!/usr/bin/env node
// Thin shim: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
// Anything that escapes run() is a bug: one line and exit 3, never a stack trace.
import('../dist/cli/main.js')
  .then((cli) => cli.main())
  .catch((err) => {
    const notBuilt = err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist');
    process.stderr.write(notBuilt ? 'pii-scan: not built yet: run `npm run build` (or `npm ci`) first\n' : `pii-scan: internal error: ${err && err.message ? err.message.split('\n')[0] : err}\n`);
    process.exitCode = 3;
  });
