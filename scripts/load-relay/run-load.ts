/**
 * The relay load test: pii-scan filter in its own process (so that its peak memory is its own),
 * a sink as next hop, N concurrent SMTP connections sending the corpus; then every message is
 * checked: relayed once with the right header, or refused with 5.7.1, never lost or repeated.
 * With `mode: 'milter'`, pii-scan milter instead, N connections driving it as Postfix's smtpd does
 * (test/helpers/milter-client.ts): each message accepted with the right header, or refused.
 */
import { readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { onTheWire, SmtpClient } from '../../src/relay/smtp-client.js';
import { startFilterProcess, startMilterProcess } from '../../test/helpers/filter-process.js';
import { MilterClient, prepareMail } from '../../test/helpers/milter-client.js';
import type { PreparedMail } from '../../test/helpers/milter-client.js';
import { buildCorpus } from './corpus.js';
import type { CorpusOptions, LoadMessage } from './corpus.js';
import { startLoadSink } from './load-sink.js';
import type { LoadSink } from './load-sink.js';

export interface LoadOptions extends CorpusOptions {
  connections: number;
  /** The whole send phase must end within this; past it the run fails. */
  maxSeconds: number;
  filterArgs: string[];
  /** What is measured: the after-queue content filter (SMTP), or the milter. */
  mode: 'filter' | 'milter';
}

interface Sent {
  message: LoadMessage;
  recipients: string[];
  code: number;
  text: string;
  ms: number;
  /** When the reply came, from the start of the send phase (ms). */
  at: number;
}

export interface LoadReport {
  corpusSeconds: number;
  corpusBytes: number;
  sendSeconds: number;
  sent: Sent[];
  relayed: number;
  refused: number;
  /** Messages neither at the sink nor refused as expected (deferred, dropped, unanswered). */
  lost: string[];
  duplicated: string[];
  wrong: string[];
  peakRssMb: number;
  filterExit: number | null;
  timedOut: boolean;
}

/**
 * The senders write each message as DATA carries it, made once before the clock starts for the
 * messages held in memory (a campaign's copies): on this 2-core machine the senders share the
 * cores with the filter, and nodemailer's client, which dot-stuffs every byte in JavaScript,
 * took about as much CPU as the filter it measured.
 */
const connect = async (port: number): Promise<SmtpClient> => {
  const client = new SmtpClient({ host: '127.0.0.1', port, name: 'load.pii-scan.test', connectTimeoutMs: 30_000, idleTimeoutMs: 300_000 });
  await client.open();
  return client;
};

/** Sends one message on an open connection: the final reply, whether accepted or refused. */
async function sendOne(client: SmtpClient, envelope: { from: string; to: string[] }, m: LoadMessage): Promise<{ code: number; text: string; broken: boolean }> {
  try {
    const replies = await client.pipeline([`MAIL FROM:<${envelope.from}>`, ...envelope.to.map((to) => `RCPT TO:<${to}>`), 'DATA']);
    const refused = replies.find((r, i) => (i < replies.length - 1 ? r.code >= 300 : r.code !== 354));
    if (refused) {
      if (replies[replies.length - 1]?.code === 354) await client.dataOnTheWire(Buffer.from('.\r\n'));
      await client.command('RSET');
      return { code: refused.code, text: refused.text, broken: false };
    }
    const reply = await client.dataOnTheWire(m.wire ?? onTheWire(m.content ?? readFileSync(m.file as string)));
    return { code: reply.code, text: reply.text, broken: false };
  } catch (err) {
    return { code: 0, text: err instanceof Error ? err.message : String(err), broken: true };
  }
}

/** One connection sending messages from the shared queue until it is empty or the deadline passes. */
async function lane(port: number, queue: LoadMessage[], sent: Sent[], startedAt: number, deadline: number): Promise<void> {
  let client = await connect(port);
  for (let m = queue.shift(); m; m = queue.shift()) {
    if (performance.now() > deadline) break;
    const recipients = Array.from({ length: 1 + (sent.length % 3) }, (_, k) => `dest${k}.${m?.id.split('@')[0]}@load.pii-scan.test`);
    const started = performance.now();
    const reply = await sendOne(client, { from: 'service.clients@load.pii-scan.test', to: recipients }, m);
    sent.push({ message: m, recipients, code: reply.code, text: reply.text, ms: performance.now() - started, at: performance.now() - startedAt });
    if (reply.broken) {
      client.close();
      client = await connect(port);
    }
  }
  client.close();
}

/** One milter connection, as one of Postfix's smtpd processes holds it, deciding messages from the shared queue. */
async function milterLane(port: number, queue: (LoadMessage & { prepared?: PreparedMail })[], sent: Sent[], startedAt: number, deadline: number): Promise<void> {
  const open = async () => {
    const client = await MilterClient.open({ port });
    await client.negotiate();
    return client;
  };
  let client = await open();
  for (let m = queue.shift(); m; m = queue.shift()) {
    if (performance.now() > deadline) break;
    const recipients = Array.from({ length: 1 + (sent.length % 3) }, (_, k) => `dest${k}.${m?.id.split('@')[0]}@load.pii-scan.test`);
    const started = performance.now();
    const prepared = m.prepared ?? prepareMail(m.content ?? readFileSync(m.file as string));
    const replies = await client.sendMail({ from: 'service.clients@load.pii-scan.test', recipients, prepared, endMacros: { i: m.id.split('@')[0] as string } });
    const refusal = replies.find((r) => r.command === 'y')?.fields[0];
    const header = replies.find((r) => r.command === 'h')?.fields[1];
    const accepted = replies.at(-1)?.command === 'c';
    // In the filter's terms: 250 with the header the message would carry, or the refusal's code and text.
    const reply = accepted ? { code: 250, text: header ?? '' } : refusal ? { code: Number(refusal.slice(0, 3)), text: refusal } : { code: 0, text: 'no answer' };
    sent.push({ message: m, recipients, code: reply.code, text: reply.text, ms: performance.now() - started, at: performance.now() - startedAt });
    if (reply.code === 0) client = await open();
  }
  await client.close();
}

/** VmHWM of a process, in MB: its peak resident memory (ru_maxrss would report the parent's, see dependencies.md). */
function peakRssMb(pid: number | undefined): number {
  const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

/** The milter's decisions: accepted with the pass header, or refused with 5.7.1; nothing relayed, so nothing can arrive twice. */
function checkMilter(sent: Sent[], total: number): Pick<LoadReport, 'relayed' | 'refused' | 'lost' | 'duplicated' | 'wrong'> {
  const report = { relayed: 0, refused: 0, lost: [] as string[], duplicated: [] as string[], wrong: [] as string[] };
  for (const s of sent) {
    if (s.code === 250) report.relayed++;
    if (s.code === 550) report.refused++;
    if (s.code !== 250 && s.code !== 550) report.lost.push(`${s.message.id}: ${s.code} ${s.text}`);
    else if (s.message.expected === 'pass' && (s.code !== 250 || s.text !== 'verdict=pass; rule=none; version=0.1.0')) report.wrong.push(`${s.message.id}: expected pass, got ${s.code} ${s.text}`);
    else if (s.message.expected === 'block' && !s.text.startsWith('550 5.7.1 pii-scan: blocked: ')) report.wrong.push(`${s.message.id}: expected block, got ${s.code} ${s.text}`);
  }
  for (let i = sent.length; i < total; i++) report.lost.push('not sent before the deadline');
  return report;
}

function check(sent: Sent[], sink: LoadSink, total: number): Pick<LoadReport, 'relayed' | 'refused' | 'lost' | 'duplicated' | 'wrong'> {
  const report = { relayed: 0, refused: 0, lost: [] as string[], duplicated: [] as string[], wrong: [] as string[] };
  for (const s of sent) {
    const at = sink.arrivals.get(s.message.id);
    if (at && at.count > 1) report.duplicated.push(s.message.id);
    if (s.code === 250) report.relayed++;
    if (s.code === 550) report.refused++;
    if (s.message.expected === 'pass') {
      if (s.code === 550) report.wrong.push(`${s.message.id}: refused, expected pass: ${s.text}`);
      else if (s.code !== 250 || !at) report.lost.push(`${s.message.id}: ${s.code} ${s.text}`);
      else if (at.verdict !== 'verdict=pass; rule=none; version=0.1.0' || at.recipients.join() !== s.recipients.join()) report.wrong.push(`${s.message.id}: relayed with ${at.verdict} to ${at.recipients.length} recipients`);
    } else if (at || s.code === 250) report.wrong.push(`${s.message.id}: relayed, expected block`);
    else if (s.code !== 550 || !s.text.startsWith('550 5.7.1 pii-scan: blocked: ')) report.lost.push(`${s.message.id}: ${s.code} ${s.text}`);
  }
  for (let i = sent.length; i < total; i++) report.lost.push('not sent before the deadline');
  if (sink.unidentified > 0) report.wrong.push(`${sink.unidentified} message(s) at the sink without a Message-ID`);
  return report;
}

/** Builds the corpus, runs the filter and the senders, and checks every message. */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const t0 = performance.now();
  const corpus = await buildCorpus(options);
  const corpusSeconds = (performance.now() - t0) / 1000;
  const sink = await startLoadSink();
  const milter = options.mode === 'milter';
  const filter = milter ? await startMilterProcess(['--listen', 'inet:0@127.0.0.1', ...options.filterArgs]) : await startFilterProcess(['--listen', '127.0.0.1:0', '--next-hop', `127.0.0.1:${sink.port}`, ...options.filterArgs]);
  // Made before the clock starts: what the senders write for each message held in memory.
  const wired = corpus.map((m) => (milter ? (m.content ? { ...m, prepared: prepareMail(m.content) } : m) : m.content && !m.wire ? { ...m, wire: onTheWire(m.content) } : m));
  const sent: Sent[] = [];
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;
  let sendSeconds = 0;
  let peak = 0;
  let filterExit: number | null = null;
  try {
    const queue = [...wired];
    await Promise.all(Array.from({ length: options.connections }, () => (milter ? milterLane(filter.port, queue, sent, started, deadline) : lane(filter.port, queue, sent, started, deadline))));
  } finally {
    sendSeconds = (performance.now() - started) / 1000;
    peak = peakRssMb(filter.child.pid);
    filterExit = await filter.stop();
    await sink.close();
    rmSync(options.dir, { recursive: true, force: true });
  }
  const corpusBytes = corpus.reduce((n, m) => n + m.bytes, 0);
  return { corpusSeconds, corpusBytes, sendSeconds, sent, ...(milter ? checkMilter(sent, corpus.length) : check(sent, sink, corpus.length)), peakRssMb: peak, filterExit, timedOut: sent.length < corpus.length };
}
