/**
 * Load test of the relay filter on loopback (npm run load:relay):
 *
 *   npx tsx scripts/load-relay.ts [--small 2000] [--large 50] [--min-mb 2] [--max-mb 20]
 *                                 [--connections 16] [--max-seconds 1200] [--seed N]
 *   npx tsx scripts/load-relay.ts --campaign 2000     (the founding mail 2,000 times instead, each
 *                                                     refused; prints messages/s after the first)
 *   npx tsx scripts/load-relay.ts --mode milter ...   (pii-scan milter, driven as Postfix's smtpd
 *                                                     drives it, instead of the content filter)
 *
 * Prints messages/s, p50/p99 latency, the filter's peak memory (VmHWM), and every message that
 * was lost, repeated or wrongly decided. Exit 0 only when there are none. Needs dist/ (npm run build).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad } from './load-relay/run-load.js';
import type { LoadOptions, LoadReport } from './load-relay/run-load.js';

const { values } = parseArgs({
  options: {
    small: { type: 'string', default: '2000' },
    large: { type: 'string', default: '50' },
    'min-mb': { type: 'string', default: '2' },
    'max-mb': { type: 'string', default: '20' },
    connections: { type: 'string', default: '16' },
    'max-seconds': { type: 'string', default: '1200' },
    seed: { type: 'string', default: '20220815' },
    campaign: { type: 'string', default: '0' },
    mode: { type: 'string', default: 'filter' },
  },
});

const n = (v: number) => v.toLocaleString('en-GB');
const percentile = (ms: number[], p: number) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number) : NaN;
};
const latency = (r: LoadReport, size: 'small' | 'large') => {
  const ms = r.sent.filter((s) => s.message.size === size).map((s) => s.ms);
  return `p50 ${(percentile(ms, 50) / 1000).toFixed(2)} s, p99 ${(percentile(ms, 99) / 1000).toFixed(2)} s`;
};

async function main(): Promise<void> {
  const mode = values.mode;
  if (mode !== 'filter' && mode !== 'milter') throw new Error(`--mode filter or --mode milter, not "${mode}"`);
  const options: LoadOptions = {
    mode,
    seed: Number(values.seed),
    small: Number(values.small),
    large: Number(values.large),
    largeMinMb: Number(values['min-mb']),
    largeMaxMb: Number(values['max-mb']),
    connections: Number(values.connections),
    maxSeconds: Number(values['max-seconds']),
    dir: join(tmpdir(), `pii-load-${process.pid}`),
    filterArgs: [],
    campaign: Number(values.campaign),
  };
  console.log(`mode: pii-scan ${options.mode}${options.mode === 'milter' ? ' (each message decided at its end; the MTA keeps it)' : ' (after-queue, a sink as next hop)'}`);
  if (options.campaign) console.log(`pii-scan load test: a campaign, the founding case's mail ${n(options.campaign)} times (one recipient set each), ${options.connections} connections`);
  else console.log(`pii-scan load test: ${n(options.small)} small + ${n(options.large)} large messages (${options.largeMinMb}-${options.largeMaxMb} MB attachments), ${options.connections} connections, seed ${options.seed}`);
  const r = await runLoad(options);
  const total = r.sent.length;
  const expected = { pass: r.sent.filter((s) => s.message.expected === 'pass').length, block: r.sent.filter((s) => s.message.expected === 'block').length };
  console.log(`corpus: ${n(total)} messages sent, ${(r.corpusBytes / 1e6).toFixed(1)} MB, built in ${r.corpusSeconds.toFixed(1)} s`);
  console.log(`sent in ${r.sendSeconds.toFixed(1)} s: ${(total / r.sendSeconds).toFixed(1)} messages/s, ${(r.corpusBytes / 1e6 / r.sendSeconds).toFixed(1)} MB/s`);
  console.log(`latency (from MAIL FROM to the ${options.mode === 'milter' ? 'end-of-message answer' : 'reply to DATA, relay included'}): small ${latency(r, 'small')}; large ${latency(r, 'large')}`);
  if ((options.campaign ?? 0) > 1) {
    // After the first: each worker reads the workbook once, then the copies are replayed from its part cache.
    const times = r.sent.map((s) => s.at).sort((a, b) => a - b);
    const after = (total - 1) / (((times[times.length - 1] ?? 0) - (times[0] ?? 0)) / 1000);
    console.log(`campaign: ${after.toFixed(1)} messages/s after the first reply (target 500)`);
  }
  console.log(`verdicts: ${n(r.relayed)} ${options.mode === 'milter' ? 'accepted' : 'relayed'} (expected ${n(expected.pass)}), ${n(r.refused)} refused with 550 (expected ${n(expected.block)})`);
  console.log(`lost ${r.lost.length}, duplicated ${r.duplicated.length}, wrong verdicts ${r.wrong.length}${r.timedOut ? `, NOT FINISHED in ${options.maxSeconds} s` : ''}`);
  for (const line of [...r.lost, ...r.duplicated.map((id) => `${id}: at the sink more than once`), ...r.wrong].slice(0, 20)) console.log(`  ${line}`);
  console.log(`${options.mode}: peak RSS (VmHWM) ${n(Math.round(r.peakRssMb))} MB, exit ${r.filterExit} after SIGTERM`);
  const ok = !r.timedOut && r.lost.length === 0 && r.duplicated.length === 0 && r.wrong.length === 0 && r.filterExit === 0;
  console.log(ok ? 'RESULT: PASS' : 'RESULT: FAIL');
  process.exitCode = ok ? 0 : 1;
}

main().catch((err: unknown) => {
  console.error(`load-relay: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
