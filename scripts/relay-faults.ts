/**
 * The relay's fault suite (npm run faults), on loopback: next hop down, slow or refusing; the filter
 * SIGKILLed; scan workers killed or out of memory; clients hanging up; a flood of slow clients;
 * pipe re-injections that hang, fail or take their time. Messages are sent as an MTA's queue does
 * (again after 4xx or no answer) and counted where they arrive. Prints one row per scenario:
 *
 *   npx tsx scripts/relay-faults.ts [NAME-SUBSTRING...]
 *
 * Exit 0 only when no message was lost, none delivered twice (beyond the documented window: the
 * hop accepted, then the filter died), none relayed without a verdict, none delivered although
 * refused, and every scenario's own checks held. Needs dist/ (npm run build).
 */
import { performance } from 'node:perf_hooks';
import { SCENARIOS, replies } from './relay-faults/scenarios.js';
import type { ScenarioRun } from './relay-faults/scenarios.js';

interface Row {
  name: string;
  seconds: number;
  run?: ScenarioRun;
  error?: string;
}

/** The counts of one scenario, and what is wrong with them. */
function tally(run: ScenarioRun): { sent: number; delivered: number; duplicated: number; lost: number; unscanned: number; problems: string[] } {
  const copies = new Map<string, number>();
  for (const arrival of run.arrivals) for (const to of arrival.recipients) copies.set(`${arrival.messageId} ${to}`, (copies.get(`${arrival.messageId} ${to}`) ?? 0) + 1);
  const arrived = new Set(run.arrivals.map((a) => a.messageId));
  const duplicated = [...copies.values()].reduce((n, c) => n + c - 1, 0);
  const lost = run.deliveries.filter((d) => d.final === 'accepted' && !arrived.has(d.messageId)).length;
  const unscanned = run.arrivals.filter((a) => !/^verdict=(pass|warn);/.test(a.verdict ?? '')).length;
  const unexpected = run.arrivals.filter((a) => !run.deliveries.some((d) => d.messageId === a.messageId)).length;
  const refusedYetDelivered = run.deliveries.filter((d) => d.final !== 'accepted' && arrived.has(d.messageId)).length;
  const finals = { accepted: 0, bounced: 0, deferred: 0 };
  for (const d of run.deliveries) finals[d.final]++;
  const problems = [...(run.failures ?? [])];
  if (lost) problems.push(`${lost} lost`);
  if (duplicated > (run.allowedDuplicates ?? 0)) problems.push(`${duplicated} duplicated (${run.allowedDuplicates ?? 0} allowed)`);
  if (unscanned) problems.push(`${unscanned} relayed without a pass/warn verdict`);
  if (unexpected) problems.push(`${unexpected} unknown copies at the hop`);
  if (refusedYetDelivered) problems.push(`${refusedYetDelivered} delivered although not accepted`);
  if (JSON.stringify(finals) !== JSON.stringify(run.expected)) problems.push(`ended ${JSON.stringify(finals)}, expected ${JSON.stringify(run.expected)}`);
  return { sent: run.deliveries.length, delivered: arrived.size, duplicated, lost, unscanned, problems };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const scenarios = SCENARIOS.filter((s) => wanted.length === 0 || wanted.some((w) => s.name.includes(w)));
  console.log(`pii-scan relay fault suite: ${scenarios.length} scenarios, loopback only`);
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const started = performance.now();
    const row: Row = { name: scenario.name, seconds: 0 };
    try {
      row.run = await scenario.run();
    } catch (err) {
      row.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
    row.seconds = (performance.now() - started) / 1000;
    rows.push(row);
    console.log(`  ${row.error || (row.run && tally(row.run).problems.length) ? 'FAIL' : 'ok  '} ${scenario.name} (${row.seconds.toFixed(1)} s)`);
  }
  const header = ['scenario', 'sent', 'tries', '250', '4xx', '5xx', 'none', 'delivered', 'duplicated', 'lost', 'no verdict', 'result'];
  const table = rows.map((row) => {
    if (!row.run) return [row.name, '', '', '', '', '', '', '', '', '', '', `FAIL: ${row.error}`];
    const t = tally(row.run);
    const r = replies(row.run.deliveries);
    const window = row.run.allowedDuplicates ? ` (window)` : '';
    const result = t.problems.length ? `FAIL: ${t.problems.join('; ')}` : `ok${row.run.note ? `: ${row.run.note}` : ''}`;
    return [row.name, t.sent, r.ok + r.temporary + r.permanent + r.none, r.ok, r.temporary, r.permanent, r.none, t.delivered, `${t.duplicated}${t.duplicated ? window : ''}`, t.lost, t.unscanned, result].map(String);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => (i === header.length - 1 ? 0 : (cells[i] ?? '').length))));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log('');
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 || i === widths.length - 1 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const cells of table) console.log(line(cells));
  const failed = rows.filter((row) => !row.run || tally(row.run).problems.length > 0);
  console.log('');
  console.log(failed.length ? `RESULT: FAIL (${failed.length} of ${rows.length} scenarios)` : `RESULT: PASS (${rows.length} scenarios)`);
  process.exit(failed.length ? 1 : 0);
}

void main();
