import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPdf, nestedFormsPdf } from '../helpers/hostile-parts.js';
import { flate, onePagePdf } from '../helpers/pdf-objects.js';
import { tempDirs } from '../helpers/temp-dir.js';
import type { ScanIssue } from '../../src/model/issues.js';
import { plainIssues } from '../helpers/issues.js';

const MiB = 1024 * 1024;

/** Peak resident memory (VmHWM, kB) of a process, read until it exits. */
function highWaterMark(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Runs `pii-scan scan --format json` on files in a child process: its report and its peak memory in MiB. */
function scanInChild(dir: string, files: string[]): Promise<{ report: { messages: { source: string; verdict: string; issues: unknown[] }[] }; peakMb: number }> {
  const child = spawn(process.execPath, ['bin/pii-scan.js', 'scan', '--format', 'json', '--config', path.join(dir, 'config.yml'), ...files.map((f) => path.join(dir, f))], { stdio: ['ignore', 'pipe', 'inherit'] });
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, highWaterMark(child.pid ?? 0))), 20);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(poll);
      resolve({ report: JSON.parse(out) as never, peakMb: peak / 1024 });
    });
  });
}

/** Verdict and issues of each file, by name, as the report gives them. */
const outcomes = (report: Awaited<ReturnType<typeof scanInChild>>['report']) => report.messages.map((m) => [path.basename(m.source), m.verdict, plainIssues(m.issues as ScanIssue[])]);

describe('hostile PDFs read by the command in a child process: issues, and memory bounded', () => {
  const dirs = tempDirs();
  afterAll(() => dirs.remove());
  /** Scans `files` (a clean PDF after them) with a part deadline of `partTimeoutMs`. */
  const scanWithClean = (partTimeoutMs: number, files: Record<string, Buffer>) =>
    scanInChild(dirs.make({ 'config.yml': `limits:\n  partTimeoutMs: ${partTimeoutMs}\n`, ...files, 'ok.pdf': cleanPdf() }), [...Object.keys(files), 'ok.pdf']);

  it('a 1 GiB stream of spaces (1 MB on disk): too-large, then the clean PDF read; peak under 512 MiB', async () => {
    // A deadline far from the case's idle second: on a machine whose cores are busy elsewhere,
    // pdf.js must still reach the 64 MiB inflate check, which is what this case is about.
    const { report, peakMb } = await scanWithClean(60_000, { 'bombe.pdf': onePagePdf(flate('', Buffer.alloc(1024 * MiB, 0x20))) });
    expect(outcomes(report)).toEqual([
      ['bombe.pdf', 'unscannable', [{ code: 'too-large', where: 'bombe.pdf', detail: 'a PDF stream inflates past 67108864 bytes' }]],
      ['ok.pdf', 'pass', []],
    ]);
    expect(peakMb).toBeGreaterThan(20);
    expect(peakMb).toBeLessThan(512);
  }, 240_000);

  it('200 nested forms (2^200 draws): timeout, then the clean PDF read; peak under 512 MiB', async () => {
    // 3 s: the deadline comes long before the parser's 320 MiB of memory (several seconds on an idle
    // machine, later on a busy one), so the outcome does not depend on the machine's load.
    const { report, peakMb } = await scanWithClean(3000, { 'formes.pdf': nestedFormsPdf(200) });
    expect(outcomes(report)).toEqual([
      ['formes.pdf', 'unscannable', [{ code: 'timeout', where: 'formes.pdf', detail: 'PDF not read within 3 s: its parser was stopped' }]],
      ['ok.pdf', 'pass', []],
    ]);
    expect(peakMb).toBeLessThan(512);
  }, 240_000);

  it('a content stream of 48 MiB (under the part limit) is read whole; peak under 512 MiB', async () => {
    const dir = dirs.make({
      'config.yml': 'limits: {}\n',
      'lourd.pdf': onePagePdf(flate('', Buffer.concat([Buffer.from('BT /F1 12 Tf 72 700 Td (DUPONT) Tj ET\n'), Buffer.alloc(48 * MiB, 0x20)]))),
    });
    const { report, peakMb } = await scanInChild(dir, ['lourd.pdf']);
    expect(outcomes(report)).toEqual([['lourd.pdf', 'pass', []]]);
    expect(peakMb).toBeLessThan(512);
  }, 240_000);
});
