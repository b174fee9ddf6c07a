import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/default-config.js';
import { runSettings } from '../../src/config/run-settings.js';
import type { MessageResult } from '../../src/model/result.js';
import { filterMessage } from '../../src/relay/filter-message.js';
import { readBounded } from '../../src/sources/read-bounded.js';
import { ScanPool, ScanTimeoutError } from '../../src/pool/scan-pool.js';
import type { ScanPoolOptions } from '../../src/pool/scan-pool.js';
import { scanMessage } from '../../src/scan-message.js';
import type { RawMessage } from '../../src/scan-message.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { foundingScanSeconds } from '../helpers/scan-cost.js';

const OPTIONS = { config: DEFAULT_CONFIG };
const SETTINGS = runSettings(DEFAULT_CONFIG);
const FOUNDING = readFileSync('fixtures/outbox/secheresse-abonnes.eml');
const raw = (content: Buffer): RawMessage => ({ source: 'smtp:t', kind: 'message', name: 'message', content, envelope: { from: 'a@example.org', recipients: ['b@example.net'] } });

/** A pool of its own for one test, closed whatever happens. */
async function withPool<T>(options: ScanPoolOptions, body: (pool: ScanPool) => Promise<T>): Promise<T> {
  const own = new ScanPool(options);
  try {
    return await body(own);
  } finally {
    await own.close();
  }
}

describe('ScanPool: scanMessage() in worker threads', () => {
  const pool = new ScanPool({ size: 2, timeoutMs: 60_000, scan: OPTIONS });
  afterAll(() => pool.close());

  it('gives exactly the result of scanMessage() in process (the result crosses back as plain data)', async () => {
    const [inWorker, inProcess] = await Promise.all([pool.scan(raw(FOUNDING)), scanMessage(raw(FOUNDING), SETTINGS)]);
    expect(inWorker).toEqual(inProcess);
    expect(inWorker).toMatchObject({ verdict: 'block', rule: 'people', people: 15930 });
  });

  it('scans with the configuration it was given (built in the worker: settings hold functions that cannot be posted)', async () => {
    const lenient = { config: { ...DEFAULT_CONFIG, thresholds: { ...DEFAULT_CONFIG.thresholds, minPeople: 20_000 } } };
    const result = await withPool({ size: 1, timeoutMs: 60_000, scan: lenient }, (own) => own.scan(raw(FOUNDING)));
    expect(result).toMatchObject({ verdict: 'warn', rule: 'few-people', people: 15930 });
  });

  it('stops a scan that overruns its time and replaces the worker', async () => {
    // The timeout is twice one founding scan, measured now; the slow message holds 8 of them and
    // a clean one takes a small fraction of one: ratios that hold on a loaded machine.
    const timeoutMs = Math.max(500, Math.round(2000 * (await foundingScanSeconds())));
    const short = new ScanPool({ size: 1, timeoutMs, scan: OPTIONS });
    await short.ready();
    const slow = mail(mixed(textBody('x'), ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => attachment(`f${i}.eml`, FOUNDING))));
    // The timeout's own error, not a verdict: the scan was stopped.
    await expect(short.scan(raw(slow))).rejects.toThrow(new ScanTimeoutError('ran', timeoutMs / 1000));
    const next = await short.scan(raw(mail(textBody('Bonjour, à lundi.'))));
    await short.close();
    expect(next.verdict).toBe('pass');
  }, 180_000);

  /** Scans `messages` (named) at once in `pool`; resolves with their names in the order their scans finished. */
  async function finishOrder(scanPool: ScanPool, messages: [string, Buffer][]): Promise<string[]> {
    const order: string[] = [];
    await Promise.all(messages.map(([name, content]) => scanPool.scan(raw(content)).then(() => order.push(name))));
    return order;
  }
  const small = mail(textBody('Bonjour, à lundi.'));

  it('keeps a worker for small messages: two large ones (over 1 MiB) take turns on one worker while a small one is scanned on the other', async () => {
    const order = await withPool({ size: 2, timeoutMs: 120_000, smallLane: true, scan: OPTIONS }, async (laned) => {
      // Both workers loaded first: the small message must not wait for a worker to start.
      await finishOrder(laned, [['warm1', small], ['warm2', small]]);
      return finishOrder(laned, [['large1', FOUNDING], ['large2', FOUNDING], ['small', small]]);
    });
    // Without the lane, the second large message takes the free worker and the small one waits for a large scan.
    expect(order).toEqual(['small', 'large1', 'large2']);
  }, 180_000);

  it('scans the shortest queued message first: a small one that arrives after a large one goes before it', async () => {
    const order = await withPool({ size: 1, timeoutMs: 120_000, scan: OPTIONS }, (single) => finishOrder(single, [['large1', FOUNDING], ['large2', FOUNDING], ['small', small]]));
    expect(order).toEqual(['large1', 'small', 'large2']);
  }, 180_000);

  it('starts its workers before its settings are read (pipe mode), and scans with the settings that come later', async () => {
    let give: (rest: { scan: typeof OPTIONS; timeoutMs: number }) => void = () => {};
    const later = new Promise<{ scan: typeof OPTIONS; timeoutMs: number }>((resolve) => (give = resolve));
    const early = ScanPool.beforeSettings({ size: 1 }, later);
    try {
      // Asked before the settings exist: the scan waits for them.
      const scanned = early.scan(raw(FOUNDING));
      const lenient = { config: { ...DEFAULT_CONFIG, thresholds: { ...DEFAULT_CONFIG.thresholds, minPeople: 20_000 } } };
      give({ scan: lenient, timeoutMs: 60_000 });
      // The default minimum (10 people) would block: the worker scanned with the settings sent after it started.
      expect(await scanned).toMatchObject({ verdict: 'warn', rule: 'few-people', people: 15930 });
      await early.ready();
    } finally {
      await early.close();
    }
  }, 120_000);

  it('fails its scans with the error that kept its settings from being read, and closes', async () => {
    const early = ScanPool.beforeSettings({ size: 1 }, Promise.reject(new Error('base.pii-fp: the fingerprint key does not belong to this file')));
    await expect(early.scan(raw(FOUNDING))).rejects.toThrow('base.pii-fp: the fingerprint key does not belong to this file');
    await expect(early.ready()).rejects.toThrow('the fingerprint key does not belong');
    await early.close();
    await expect(early.scan(raw(FOUNDING))).rejects.toThrow('shutting down');
  });

  it('drains (a relay\'s reload): the messages given before are scanned, then its workers end', async () => {
    const draining = new ScanPool({ size: 1, timeoutMs: 60_000, scan: OPTIONS });
    const first = draining.scan(raw(FOUNDING));
    const second = draining.scan(raw(small));
    const drained = draining.drain();
    // close() would fail both: drain() lets them end.
    expect(await first).toMatchObject({ verdict: 'block', people: 15930 });
    expect(await second).toMatchObject({ verdict: 'pass' });
    await drained;
    await expect(draining.scan(raw(small))).rejects.toThrow('shutting down');
  }, 120_000);

  it('fails the queued scans when closed', async () => {
    const closing = new ScanPool({ size: 1, timeoutMs: 60_000, scan: OPTIONS });
    const pending = expect(closing.scan(raw(FOUNDING))).rejects.toThrow('shutting down');
    await closing.close();
    await pending;
    await expect(closing.scan(raw(FOUNDING))).rejects.toThrow('shutting down');
  });
});

describe('readBounded: the size limit while the message streams in', () => {
  it.each([
    [['abc', 'def'], 6, { content: 'abcdef', bytes: 6, over: false }],
    [['abc', 'defg'], 6, { content: '', bytes: 7, over: true }],
    [['abcdefgh', 'ij', 'kl'], 4, { content: '', bytes: 12, over: true }],
    [[], 4, { content: '', bytes: 0, over: false }],
  ])('%j under %i bytes', async (chunks, max, expected) => {
    const read = await readBounded(Readable.from(chunks.map((c) => Buffer.from(c))), max);
    expect({ ...read, content: read.content.toString() }).toEqual(expected);
  });
});

describe('filterMessage: what reaches the scan', () => {
  it('hands the SMTP envelope (MAIL FROM, every RCPT TO) to scanMessage() with the message', async () => {
    const seen: RawMessage[] = [];
    const blocked: MessageResult = { source: 's', verdict: 'block', rule: 'people', people: 12, findings: [], issues: [], parts: [], bytes: 3 };
    const pool = { scan: async (r: RawMessage) => (seen.push(r), blocked) } as unknown as ScanPool;
    const ctx = { nextHop: { host: '127.0.0.1', port: 9 }, onBlock: 'reject', onError: 'defer', maxSize: 100, timeoutMs: 1000, lang: 'en', pool, log: () => {} } as const;
    const reply = await filterMessage(Readable.from([Buffer.from('Subject: s\r\n\r\nhi\r\n')]), 'sess1', { from: 'a@example.org', recipients: ['b@example.net', 'c@example.net'], eightBit: false }, ctx);
    expect(reply).toEqual({ code: 550, text: '5.7.1 pii-scan: blocked: s holds a customer file (12 people); send it through a protected share' });
    expect(seen.map((r) => [r.source, r.kind, r.envelope, r.content.toString()])).toEqual([['smtp:sess1', 'message', { from: 'a@example.org', recipients: ['b@example.net', 'c@example.net'] }, 'Subject: s\r\n\r\nhi\r\n']]);
  });
});
