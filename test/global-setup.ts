import { execFileSync } from 'node:child_process';

/**
 * The end-to-end tests run bin/pii-scan.js, which loads dist/: build it once first so that they
 * test the code of this checkout, not a stale build.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
