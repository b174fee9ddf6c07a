/**
 * The fault scenarios: each starts what it needs (a next hop that counts every copy, the filter in
 * its own process or in this one, pipe runs), sends its messages as an MTA's queue would (again
 * after 4xx or no answer), injects its fault, and says what it expects.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFaultSink } from './fault-sink.js';
import type { Arrival, FaultSink } from './fault-sink.js';
import { filterProcess, inProcessFilter } from './filters.js';
import type { FilterUnderTest } from './filters.js';
import { cleanMessage, hugeTextMessage, RECIPIENT, SENDER } from './messages.js';
import { deliver } from './mta.js';
import type { Attempt, Delivery, Outgoing, QueueOptions } from './mta.js';

/** What a scenario did, and what it expects of it. */
export interface ScenarioRun {
  deliveries: Delivery[];
  /** Copies that reached the next hop (or the re-injection command). */
  arrivals: Arrival[];
  expected: { accepted: number; bounced: number; deferred: number };
  /** Extra copies allowed: the documented window (the hop accepted, then the filter died). */
  allowedDuplicates?: number;
  /** Failures found by the scenario's own checks. */
  failures?: string[];
  /** A figure for the table (the slowest acceptance...). */
  note?: string;
}

export interface Scenario {
  name: string;
  run(): Promise<ScenarioRun>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const QUEUE: QueueOptions = { tries: 6, retryDelayMs: 300 };
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}.${i + 1}@faults.example.org`);

async function until(test: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A hop, then `body` with it; the hop is closed whatever happens. */
async function withSink<T>(body: (sink: FaultSink) => Promise<T>): Promise<T> {
  const sink = await startFaultSink();
  try {
    return await body(sink);
  } finally {
    await sink.close().catch(() => {});
  }
}

/** A hop, the filter `start` puts in front of it, then `body`; both are stopped whatever happens. */
function withRelay<F extends FilterUnderTest, T>(start: (sink: FaultSink) => Promise<F>, body: (sink: FaultSink, filter: F) => Promise<T>): Promise<T> {
  return withSink(async (sink) => {
    const filter = await start(sink);
    try {
      return await body(sink, filter);
    } finally {
      await filter.stop();
    }
  });
}

/** `pii-scan filter` in its own process, relaying to the hop, with `args`. */
const processFilter =
  (...args: string[]) =>
  (sink: FaultSink) =>
    filterProcess(['--next-hop', `127.0.0.1:${sink.port}`, ...args]);

/** `count` clean messages through a filter process with `args`, after `setUp`, all at once. */
function simple(prefix: string, name: string, count: number, args: string[], setUp: (sink: FaultSink) => void, expected?: ScenarioRun['expected'], to?: string[]): Scenario {
  return {
    name,
    run: () =>
      withRelay(
        (sink) => (setUp(sink), processFilter('--workers', '2', ...args)(sink)),
        async (sink, filter) => {
          const deliveries = await Promise.all(ids(prefix, count).map((id) => deliver(() => filter.port, id, cleanMessage(id, 0, to), QUEUE)));
          return { deliveries, arrivals: sink.arrivals, expected: expected ?? { accepted: count, bounced: 0, deferred: 0 } };
        },
      ),
  };
}

const hopDown: Scenario = {
  name: 'next hop down, then back',
  run: () =>
    withRelay(processFilter('--workers', '2'), async (sink, filter) => {
      await sink.down();
      let up: Promise<void> | undefined;
      const deliveries = await Promise.all(ids('hopdown', 10).map((id) => deliver(() => filter.port, id, cleanMessage(id), { ...QUEUE, beforeRetry: () => (up ??= sink.up()) })));
      return { deliveries, arrivals: sink.arrivals, expected: { accepted: 10, bounced: 0, deferred: 0 } };
    }),
};

/** The filter is SIGKILLed while it scans (`when` = 'scanning') or once the hop has the message and before it answers ('hop-accepted'). */
function filterKilled(name: string, when: 'scanning' | 'hop-accepted'): Scenario {
  // The hop keeps each copy at once and answers 3 s later: the window in which the filter dies.
  const answerAfterMs = when === 'hop-accepted' ? 3000 : 0;
  return {
    name,
    run: () =>
      withRelay(
        (sink) => ((sink.behaviour.answerAfterMs = answerAfterMs), processFilter('--workers', '1')(sink)),
        async (sink, filter) => {
          const deliveries: Delivery[] = [];
          for (const id of ids(when === 'scanning' ? 'killscan' : 'killhop', 3)) {
            const arrived = sink.arrivals.length;
            const kill = async () => {
              if (when === 'hop-accepted') await until(() => sink.arrivals.length > arrived, 'the copy at the hop');
              await filter.kill();
            };
            deliveries.push(
              await deliver(() => filter.port, id, cleanMessage(id, 2048), {
                ...QUEUE,
                attempt: (n) => (n === 1 ? { afterDot: () => void kill() } : {}),
                beforeRetry: (n) => (n === 2 ? filter.restart() : Promise.resolve()),
              }),
            );
          }
          return { deliveries, arrivals: sink.arrivals, expected: { accepted: 3, bounced: 0, deferred: 0 }, allowedDuplicates: when === 'hop-accepted' ? 3 : 0 };
        },
      ),
  };
}

/** The client hangs up in the middle of its message, or right after the final dot while the message is scanned. */
function clientGone(name: string, hangUp: 'mid-data' | 'after-dot'): Scenario {
  return {
    name,
    run: () =>
      withRelay(processFilter('--workers', '2'), async (sink, filter) => {
        const prefix = hangUp === 'mid-data' ? 'gonedata' : 'gonedot';
        const deliveries = await Promise.all(ids(prefix, 5).map((id) => deliver(() => filter.port, id, cleanMessage(id, 2048), { ...QUEUE, attempt: (n) => (n === 1 ? { hangUp } : {}) })));
        // The hung-up copies are dropped while they are scanned: wait for their log lines before counting.
        if (hangUp === 'after-dot') await until(() => (filter.log().match(/action=client-gone/g) ?? []).length >= 5, 'the five client-gone log lines');
        return { deliveries, arrivals: sink.arrivals, expected: { accepted: 5, bounced: 0, deferred: 0 } };
      }),
  };
}

/**
 * A scan worker dies (`kill`: terminated mid-scan; or out of memory, its heap held to 64 MiB, on a
 * 40 MB text body a normal worker reads): its message gets 451 (and again on each try, when it
 * is the message that exhausts the worker), and the message sent next is accepted at once.
 */
function workerDies(name: string, how: 'killed' | 'out-of-memory'): Scenario {
  const heap = how === 'out-of-memory' ? { workerHeapMb: 64 } : {};
  return {
    name,
    run: () =>
      withRelay(
        (sink) => inProcessFilter({ nextHop: { host: '127.0.0.1', port: sink.port }, workers: 1, ...heap }),
        async (sink, filter) => {
          const [victim, next] = ids(how === 'killed' ? 'workerkill' : 'oom', 2) as [string, string];
          const first = how === 'killed' ? deliver(() => filter.port, victim, cleanMessage(victim, 4096), QUEUE) : deliver(() => filter.port, victim, hugeTextMessage(victim, 40), { ...QUEUE, tries: 2 });
          if (how === 'killed') {
            // Once the worker holds the first message's scan.
            const end = Date.now() + 60_000;
            while (Date.now() < end && !(await filter.killBusyWorker())) await sleep(5);
          } else await sleep(200);
          const deliveries = await Promise.all([first, deliver(() => filter.port, next, cleanMessage(next), QUEUE)]);
          const codes = (d: Delivery) => d.attempts.map((a) => `${a.code} (${a.text.slice(0, 80)})`).join(', ');
          const failures: string[] = [];
          if (how === 'killed' ? deliveries[0].attempts[0]?.code !== 451 : !deliveries[0].attempts.every((a) => a.code === 451)) failures.push(`the scanned message got ${codes(deliveries[0])}, not 451`);
          if (deliveries[1].attempts.length !== 1 || deliveries[1].attempts[0]?.code !== 250) failures.push(`the next message was not accepted at its first try: ${codes(deliveries[1])}`);
          const expected = how === 'killed' ? { accepted: 2, bounced: 0, deferred: 0 } : { accepted: 1, bounced: 0, deferred: 1 };
          return { deliveries, arrivals: sink.arrivals, expected, failures };
        },
      ),
  };
}

/**
 * 100 clients hold connections in three ways (20 with a line that never ends, 40 sending NOOP
 * every 5 s, 40 with a DATA that trickles a line every 3 s), and connect again 1 s after being
 * dropped, while 200 messages are sent over 10 connections at a time. Each must be accepted within
 * 10 s of its first try, and none refused.
 */
const trickleFlood: Scenario = {
  name: 'trickle flood: 100 slow clients, 200 messages',
  run: () =>
    withRelay(processFilter('--max-connections', '100'), async (sink, filter) => {
      let flooding = true;
      const tricklers = new Set<Socket>();
      const trickle = (kind: number) => {
        if (!flooding) return;
        const socket = connect(filter.port, '127.0.0.1');
        tricklers.add(socket);
        let timer: NodeJS.Timeout | undefined;
        socket.on('error', () => {});
        socket.on('close', () => {
          clearInterval(timer);
          tricklers.delete(socket);
          setTimeout(() => trickle(kind), 1000);
        });
        socket.once('data', () => {
          if (kind === 0) timer = setInterval(() => socket.write('N'), 2000);
          else if (kind === 1) timer = setInterval(() => socket.write('NOOP\r\n'), 5000);
          else {
            socket.write(`EHLO slow.example\r\nMAIL FROM:<${SENDER}>\r\nRCPT TO:<${RECIPIENT}>\r\nDATA\r\n`);
            timer = setInterval(() => socket.write('x\r\n'), 3000);
          }
        });
      };
      // 20 unfinished lines, 40 NOOP senders, 40 trickling DATA phases.
      for (let i = 0; i < 100; i++) trickle(i % 5 === 0 ? 0 : i % 5 < 3 ? 1 : 2);
      await until(() => tricklers.size >= 100, 'the 100 slow clients');
      await sleep(2000);
      const failures: string[] = [];
      const slowest: number[] = [];
      try {
        const queue = ids('flood', 200);
        const deliveries: Delivery[] = [];
        const sender = async () => {
          for (let id = queue.shift(); id; id = queue.shift()) {
            const started = performance.now();
            // Quick retries: what is measured is how long a message waits for a slot, not an MTA's back-off.
            const delivery = await deliver(() => filter.port, id, cleanMessage(id), { tries: 20, retryDelayMs: 200 });
            const seconds = (performance.now() - started) / 1000;
            slowest.push(seconds);
            if (delivery.final === 'accepted' && seconds > 10) failures.push(`${id} accepted after ${seconds.toFixed(1)} s`);
            deliveries.push(delivery);
          }
        };
        await Promise.all(Array.from({ length: 10 }, sender));
        // An MTA refused with 421 tries again minutes later, not 200 ms: a refused try is a message late.
        const refusedTries = deliveries.reduce((n, d) => n + d.attempts.filter((a) => a.code !== 250).length, 0);
        if (refusedTries > 0) failures.push(`${refusedTries} tries of legitimate messages refused`);
        const max = Math.max(...slowest);
        return { deliveries, arrivals: sink.arrivals, expected: { accepted: 200, bounced: 0, deferred: 0 }, failures, note: `slowest accepted in ${max.toFixed(2)} s; ${refusedTries} tries refused; ${tricklers.size} slow clients connected at the end` };
      } finally {
        flooding = false;
        for (const socket of tricklers) socket.destroy();
      }
    }),
};

/** `pii-scan pipe` as pipe(8) runs it, with the stub re-injection command in `mode`; the exit code as an SMTP-like reply. */
function pipeOnce(message: Outgoing, mode: string, dir: string): Promise<Attempt> {
  const started = performance.now();
  return new Promise((resolve) => {
    const stub = join(import.meta.dirname, 'reinject-stub.mjs');
    const child = spawn(process.execPath, ['bin/pii-scan.js', 'pipe', '--timeout', '1', '--', process.execPath, stub, mode, dir, '-f', message.from, '--', ...message.to], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(message.content);
    child.on('close', (code) => resolve({ code: code === 0 ? 250 : code === 75 ? 451 : code === 69 || code === 67 ? 550 : null, text: `exit ${code}: ${out.trim()}`, ms: performance.now() - started }));
  });
}

function pipeScenario(name: string, mode: string): Scenario {
  return {
    name,
    run: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pii-faults-pipe-'));
      try {
        const deliveries: Delivery[] = [];
        for (const id of ids(`pipe-${mode}`, 2)) {
          const message = cleanMessage(id);
          const attempts: Attempt[] = [];
          for (let n = 0; n < 3; n++) {
            const attempt = await pipeOnce(message, mode, dir);
            attempts.push(attempt);
            if (attempt.code === 250 || (attempt.code ?? 0) >= 500) break;
          }
          const last = attempts[attempts.length - 1]?.code;
          deliveries.push({ messageId: id, attempts, final: last === 250 ? 'accepted' : (last ?? 0) >= 500 ? 'bounced' : 'deferred' });
        }
        let lines: string[] = [];
        try {
          lines = readFileSync(join(dir, 'delivered'), 'utf8').trim().split('\n').filter(Boolean);
        } catch {
          // Nothing delivered.
        }
        return { deliveries, arrivals: lines.map((l) => JSON.parse(l) as Arrival), expected: { accepted: 2, bounced: 0, deferred: 0 } };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

const TWO = [RECIPIENT, 'archives@example.net'];

export const SCENARIOS: Scenario[] = [
  hopDown,
  simple('greet', 'next hop greets after 5 s', 5, [], (sink) => (sink.behaviour.greetingDelayMs = 5000)),
  simple('slowdot', 'next hop answers the dot 5 s past --timeout 2', 5, ['--timeout', '2'], (sink) => (sink.behaviour.answerAfterMs = 7000)),
  simple('refuse550', 'next hop refuses 1 of 2 recipients (550)', 5, [], (sink) => (sink.behaviour.refuse = (r) => (r === TWO[1] ? [550, '5.1.1 no such user'] : undefined)), { accepted: 0, bounced: 5, deferred: 0 }, TWO),
  simple('refuse450', 'next hop defers 1 of 2 recipients (450) for 1.5 s', 5, [], (sink) => {
    let end: number | undefined;
    sink.behaviour.refuse = (r) => {
      end ??= performance.now() + 1500;
      return r === TWO[1] && performance.now() < end ? [450, '4.2.0 try again later'] : undefined;
    };
  }, undefined, TWO),
  filterKilled('filter SIGKILLed mid-scan', 'scanning'),
  filterKilled('filter SIGKILLed after the hop accepted (the window)', 'hop-accepted'),
  clientGone('client gone mid-DATA', 'mid-data'),
  clientGone('client gone after the final dot', 'after-dot'),
  workerDies('scan worker killed mid-scan', 'killed'),
  workerDies('scan worker out of memory', 'out-of-memory'),
  trickleFlood,
  pipeScenario('pipe: re-injection queues, then hangs 4 s', 'hang'),
  pipeScenario('pipe: re-injection fails (75), then succeeds', 'fail-once'),
  pipeScenario('pipe: re-injection takes 4 s', 'slow'),
];

/** The sender's view, for the table's "answered" columns: every try's reply. */
export function replies(deliveries: Delivery[]): { ok: number; temporary: number; permanent: number; none: number } {
  const all = deliveries.flatMap((d) => d.attempts);
  return {
    ok: all.filter((a) => a.code !== null && a.code < 300).length,
    temporary: all.filter((a) => a.code !== null && a.code >= 400 && a.code < 500).length,
    permanent: all.filter((a) => a.code !== null && a.code >= 500).length,
    none: all.filter((a) => a.code === null).length,
  };
}
