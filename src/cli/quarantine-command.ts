import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { AuditRegister, checkChain, messageDigest } from '../relay/audit-register.js';
import type { AuditRow, ChainCheck, RegisterProblem } from '../relay/audit-register.js';
import { CSV_BOM, csvLine, csvSeparator } from '../report/csv-reporter.js';
import { escapeHtml } from '../report/html-reporter.js';
import { dataKind } from '../relay/quarantine.js';
import { formatNumber, messages } from '../report/i18n.js';
import type { Lang } from '../report/i18n.js';
import { maskValue } from '../report/mask.js';
import { textReporter, utcMinute } from '../report/text-reporter.js';
import { visibleText } from '../report/visible-text.js';
import { listQuarantine, openQuarantine, readEntry } from '../relay/quarantine-review.js';
import type { QuarantineEntry } from '../relay/quarantine-review.js';
import { describeFsError, InputError } from '../sources/input-error.js';
import { formatHostPort, parseHostPort } from '../model/host-port.js';
import type { HostPort } from '../model/host-port.js';
import { closeNextHopConnections, sendToNextHop } from '../relay/next-hop.js';

export interface QuarantineOptions {
  dir?: string;
  config?: string;
  lang: Lang;
  cwd: string;
}

const WORDS = {
  en: { received: 'Received', envelope: 'Envelope', from: 'from', to: (n: string) => `to ${n} recipient(s)`, reason: 'Reason', count: (n: string) => `${n} message(s) in quarantine` },
  fr: { received: 'Reçu', envelope: 'Enveloppe', from: 'de', to: (n: string) => `à ${n} destinataire(s)`, reason: 'Motif', count: (n: string) => `${n} message(s) en quarantaine` },
} as const;

/** The quarantine folder: --dir, else the configuration's relay.quarantineDir; owned by the user and closed to others. */
async function quarantineDir(options: QuarantineOptions): Promise<string> {
  const dir = options.dir ?? (await loadConfig({ cwd: options.cwd, ...(options.config !== undefined ? { file: options.config } : {}) })).config.relay.quarantineDir;
  if (dir === null || dir === undefined) throw new InputError('no quarantine folder: give --dir FOLDER, or set relay.quarantineDir in the configuration');
  return openQuarantine(dir);
}

const sender = (from: string | null | undefined) => (from ? maskValue('email', from) : '<>');

/**
 * `pii-scan quarantine list`: one line a kept message, oldest first: its id, when it came, its
 * verdict, how many people, its masked sender, how many recipients, its subject. Never a value.
 */
export async function quarantineList(options: QuarantineOptions): Promise<string> {
  const dir = await quarantineDir(options);
  const entries = await listQuarantine(dir);
  const m = messages(options.lang);
  const w = WORDS[options.lang];
  const n = (x: number) => formatNumber(x, options.lang);
  const lines = entries.map((e) => {
    const subject = e.report.headers?.subject ?? m.header.noSubject;
    return [e.id, utcMinute(e.received), m.verdict[e.report.verdict], `${n(e.report.people)} ${m.people[e.report.people > 1 ? 1 : 0]}`, `${w.from} ${sender(e.envelope.from)} ${w.to(n(e.envelope.recipients.length))}`, subject].map(visibleText).join('  ');
  });
  return `${[...lines, w.count(n(entries.length))].join('\n')}\n`;
}

/**
 * `pii-scan quarantine show ID`: the message's masked report as the text report gives it (how to
 * find it, what was found, the advice), with when it came, its envelope (masked) and the reason
 * it was kept. Never the message itself.
 */
export async function quarantineShow(id: string, options: QuarantineOptions & { showData?: boolean; reason?: string }): Promise<string> {
  // Values are read again from the message itself, only for a reason kept in the register.
  const reason = options.showData ? reasonOf(options.reason, 'show --show-data') : undefined;
  const dir = await quarantineDir(options);
  const entry: QuarantineEntry = await readEntry(dir, id);
  // Every look at kept mail is in the register, even masked: who looked at which message, and when.
  const message = await readFile(join(dir, `${id}.eml`)).catch(() => Buffer.alloc(0));
  if (options.showData && message.length === 0) throw new InputError(`quarantine ${id}: its message cannot be read: no values to show`);
  AuditRegister.appendTo(dir, { action: reason ? 'view-values' : 'view', id, digest: messageDigest(message), ...dataKind(entry.report), reason: reason ?? 'quarantine show (masked report)' });
  if (reason) entry.report = await reportWithValues(message, options.lang);
  const w = WORDS[options.lang];
  const m = messages(options.lang);
  const n = (x: number) => formatNumber(x, options.lang);
  const head = [
    `${w.received}${m.colon}${utcMinute(entry.received)}`,
    `${w.envelope}${m.colon}${w.from} ${sender(entry.envelope.from)} ${w.to(n(entry.envelope.recipients.length))}`,
    `${w.reason}${m.colon}${entry.reason}`,
  ].map(visibleText);
  const report = textReporter({ lang: options.lang, color: false, showData: options.showData === true }).message({ ...entry.report, source: entry.id });
  return `${head.join('\n')}\n${report}`;
}

/** The kept message scanned again, its report with values whole (`show --show-data`). */
async function reportWithValues(message: Buffer, lang: Lang) {
  const [{ scanMessage }, { reportMessage }, { DEFAULT_LIMITS }, { DEFAULT_POLICY }] = await Promise.all([
    import('../scan-message.js'),
    import('../report/build-report.js'),
    import('../model/limits.js'),
    import('../policy/policy.js'),
  ]);
  const result = await scanMessage({ source: 'quarantine', kind: 'message', name: 'message', content: message }, { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY });
  return reportMessage(result, { lang, showData: true });
}

/**
 * `pii-scan quarantine verify [--last-hash HASH]`: walks the audit register's hash chain, then
 * checks each kept message against it: its quarantine must be a row of the register, with the
 * message's SHA-256 as kept. A chain alone cannot tell rows cut from its end (what is left is a
 * whole chain): a kept message whose row is gone tells it, and so does `--last-hash`, the last
 * row's hash that an earlier verify printed, which the register must still hold. Exit 0 when all
 * hold, printing the last row's hash to keep elsewhere; exit 1 naming the first thing that breaks.
 */
export async function quarantineVerify(options: QuarantineOptions & { lastHash?: string }): Promise<{ stdout: string; exitCode: number }> {
  const fr = options.lang === 'fr';
  const lastHash = options.lastHash?.trim().toLowerCase();
  if (lastHash !== undefined && !/^[0-9a-f]{64}$/.test(lastHash)) throw new InputError(`quarantine verify: --last-hash ${options.lastHash} is not a row's hash (64 hexadecimal digits, as verify prints it)`);
  const dir = await quarantineDir(options);
  // The kept messages first, then the register: a message kept at this moment has its files
  // written before its row, a few milliseconds apart.
  const entries = await listQuarantine(dir);
  let { chain, rows } = readRegister(dir);
  let kept = keptDigests(rows);
  if (chain.ok && entries.some((entry) => !kept.has(entry.id))) {
    // One kept without its row may be one being kept now: its row is given a second to be written.
    await new Promise((resolve) => setTimeout(resolve, ROW_WAIT_MS));
    ({ chain, rows } = readRegister(dir));
    kept = keptDigests(rows);
  }
  const broken = (why: string) => ({ exitCode: 1, stdout: fr ? `Registre rompu : ${why}.\n` : `Register broken: ${why}.\n` });
  if (!chain.ok) {
    const why: Record<RegisterProblem, string> = fr
      ? { missing: `la ligne ${chain.expected} manque ou a été déplacée`, unlinked: "elle ne suit plus la ligne d'avant (une ligne avant elle a été modifiée, supprimée ou déplacée)", changed: 'son contenu a été modifié après son écriture' }
      : { missing: `row ${chain.expected} is missing or was moved`, unlinked: 'it no longer follows the row before it (a row before it was changed, removed or moved)', changed: 'its content was changed after it was written' };
    return { exitCode: 1, stdout: fr ? `Registre rompu à la ligne ${chain.seq} : ${why[chain.problem]}.\n` : `Register broken at row ${chain.seq}: ${why[chain.problem]}.\n` };
  }
  if (lastHash !== undefined && !rows.some((row) => row.hash === lastHash)) {
    return broken(fr ? `aucune ligne n'a le hachage noté (${lastHash.slice(0, 12)}…) : des lignes ont été retirées de sa fin, ou le registre a été remplacé` : `no row has the hash noted (${lastHash.slice(0, 12)}…): rows were cut from its end, or the register was replaced`);
  }
  for (const entry of entries) {
    const digest = kept.get(entry.id);
    if (digest === undefined) {
      return broken(fr ? `le message ${entry.id} est gardé mais sa mise en quarantaine n'est pas dans le registre (des lignes retirées de sa fin, ou le relais arrêté avant de l'inscrire)` : `message ${entry.id} is kept but its quarantine is not in the register (rows cut from its end, or the relay stopped before writing it)`);
    }
    const message = await readFile(join(dir, `${entry.id}.eml`)).catch((err: unknown) => {
      throw new InputError(`quarantine ${join(dir, `${entry.id}.eml`)}: ${describeFsError(err)}`);
    });
    if (messageDigest(message) !== digest) {
      return broken(fr ? `le message ${entry.id} a été modifié depuis sa mise en quarantaine (son SHA-256 n'est plus celui du registre)` : `message ${entry.id} was changed after it was kept (its SHA-256 is no longer the register's)`);
    }
  }
  const n = (x: number) => formatNumber(x, options.lang);
  const last = rows.at(-1);
  const keep = last === undefined ? '' : fr ? `Dernière ligne ${n(last.seq)}, hachage ${last.hash} : notez-le ailleurs, et donnez-le à un prochain verify (--last-hash) pour qu'il voie des lignes retirées de la fin.\n` : `Last row ${n(last.seq)}, hash ${last.hash}: note it elsewhere, and give it to a later verify (--last-hash) to tell rows cut from the end.\n`;
  return {
    exitCode: 0,
    stdout: (fr ? `Registre intact : ${n(chain.rows)} ligne(s), chaîne vérifiée ; ${n(entries.length)} message(s) gardé(s), chacun tel qu'inscrit.\n` : `Register whole: ${n(chain.rows)} row(s), chain checked; ${n(entries.length)} kept message(s), each as written in it.\n`) + keep,
  };
}

/** How long verify waits for the row of a message kept as it looks (quarantineMessage writes it right after the files). */
const ROW_WAIT_MS = 1000;

/** Each message the register says was kept, with its digest. */
const keptDigests = (rows: readonly AuditRow[]): Map<string, string> => new Map(rows.filter((row) => row.action === 'quarantine').map((row) => [row.id, row.digest]));

/** The register's rows, read once, and its chain checked on them. */
function readRegister(dir: string): { chain: ChainCheck; rows: AuditRow[] } {
  const register = AuditRegister.openExisting(dir);
  try {
    const rows = register.rows();
    return { chain: checkChain(rows), rows };
  } finally {
    register.close();
  }
}

/** A message's files, its digest and its report, with the register to append to: what release, delete and purge act on. */
async function kept(dir: string, id: string): Promise<{ entry: QuarantineEntry; message: Buffer }> {
  const entry = await readEntry(dir, id);
  const message = await readFile(join(dir, `${id}.eml`)).catch((err: unknown) => {
    throw new InputError(`quarantine ${id}: its message cannot be read (${describeFsError(err)}): left as it is`);
  });
  return { entry, message };
}

/**
 * Takes a message out of the quarantine (its report last: a report never stays without its
 * message; a release's report is `ID.releasing` by then) and appends why to the register.
 */
async function remove(dir: string, id: string, message: Buffer, entry: QuarantineEntry, action: 'release' | 'delete' | 'purge', reason: string, reportFile = `${id}.json`): Promise<void> {
  await rm(join(dir, `${id}.eml`), { force: true });
  await rm(join(dir, reportFile), { force: true });
  AuditRegister.appendTo(dir, { action, id, digest: messageDigest(message), ...dataKind(entry.report), reason });
}

/** A reason is what the register keeps of a decision: required, on one line, not empty. */
function reasonOf(reason: string | undefined, action: string): string {
  const text = reason?.replace(/\s+/g, ' ').trim();
  if (!text) throw new InputError(`quarantine ${action}: give --reason "why" (it is kept in the register)`);
  return text;
}

/**
 * `pii-scan quarantine release ID --reason TEXT`: sends the kept message on through the next hop,
 * to its envelope's recipients, exactly once. The report is first renamed `ID.releasing`: a
 * second release (another terminal, a retry) finds no report and stops; if the next hop refuses,
 * the report is put back and nothing is logged as released; once the next hop accepted, the
 * message leaves the quarantine and the release is appended to the register. A release cut off
 * between the two (a crash) leaves `ID.releasing`, which a later release refuses to guess about.
 */
export async function quarantineRelease(id: string, options: QuarantineOptions & { reason?: string; nextHop?: HostPort }, send = sendToNextHop): Promise<string> {
  const reason = reasonOf(options.reason, 'release');
  const dir = await quarantineDir(options);
  if (existsSync(join(dir, `${id}.releasing`))) throw new InputError(`quarantine ${id}: an earlier release was cut off after it began (${id}.releasing): check the next hop's log before anything else`);
  const { entry, message } = await kept(dir, id);
  const hop = options.nextHop ?? parseHostPort((await loadConfig({ cwd: options.cwd, ...(options.config !== undefined ? { file: options.config } : {}) })).config.relay.nextHop, false);
  const claim = join(dir, `${id}.releasing`);
  await rename(join(dir, `${id}.json`), claim).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(err.code === 'ENOENT' ? `quarantine ${id} is being released or was just removed` : `quarantine ${id}: ${describeFsError(err)}`);
  });
  let accepted: string;
  try {
    accepted = await send(hop, { from: entry.envelope.from ?? '', recipients: entry.envelope.recipients, eightBit: true }, message);
  } catch (err) {
    await rename(claim, join(dir, `${id}.json`));
    throw new InputError(`quarantine ${id} not released: the next hop ${formatHostPort(hop)} refused it (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); it stays in quarantine`);
  } finally {
    closeNextHopConnections();
  }
  await remove(dir, id, message, entry, 'release', reason, `${id}.releasing`);
  const fr = options.lang === 'fr';
  return fr ? `${id} libéré vers ${formatHostPort(hop)} : ${accepted}\n` : `${id} released to ${formatHostPort(hop)}: ${accepted}\n`;
}

/** `pii-scan quarantine delete ID --reason TEXT`: the message and its report removed, the deletion in the register. */
export async function quarantineDelete(id: string, options: QuarantineOptions & { reason?: string }): Promise<string> {
  const reason = reasonOf(options.reason, 'delete');
  const dir = await quarantineDir(options);
  const { entry, message } = await kept(dir, id);
  await remove(dir, id, message, entry, 'delete', reason);
  return options.lang === 'fr' ? `${id} supprimé.\n` : `${id} deleted.\n`;
}

/** `30d`, `12h`, `90d` as milliseconds. */
export function parseAge(text: string): number {
  const m = /^(\d{1,5})([dh])$/.exec(text.trim());
  if (!m) throw new InputError(`--older-than ${text}: expected a number of days or hours, such as 30d or 12h`);
  return Number(m[1]) * (m[2] === 'd' ? 86_400_000 : 3_600_000);
}

/** `pii-scan quarantine purge --older-than 30d`: every message kept longer removed, each purge in the register. */
export async function quarantinePurge(options: QuarantineOptions & { olderThan: string }, now = new Date()): Promise<string> {
  const age = parseAge(options.olderThan);
  const dir = await quarantineDir(options);
  let purged = 0;
  for (const entry of await listQuarantine(dir)) {
    if (now.getTime() - Date.parse(entry.received) <= age) continue;
    const message = await readFile(join(dir, `${entry.id}.eml`)).catch(() => Buffer.alloc(0));
    await remove(dir, entry.id, message, entry, 'purge', `purge --older-than ${options.olderThan.trim()}`);
    purged++;
  }
  return options.lang === 'fr' ? `${formatNumber(purged, 'fr')} message(s) purgé(s).\n` : `${formatNumber(purged, 'en')} message(s) purged.\n`;
}

const REGISTER_COLUMNS = ['seq', 'at', 'who', 'action', 'id', 'digest', 'kind', 'people', 'reason'] as const;
/** The CSV's columns: the rows' own hashes last, so that the officer's copy holds the chain's last hash (verify --last-hash). */
const REGISTER_CSV_COLUMNS = [...REGISTER_COLUMNS, 'hash'] as const;

/**
 * `pii-scan quarantine register [--since DATE] --format csv|html`: the register's rows from that
 * day on, for the data protection officer's file of breaches and near misses: date, who, what was
 * done to which message (id and digest), the kind of data, how many people, and why. The chain is
 * checked first and the export says whether it is whole, with the last row's hash (the CSV has
 * each row's): a copy kept in the officer's file is what a later `verify --last-hash` is given. No
 * personal value is in it.
 */
export async function quarantineRegister(options: QuarantineOptions & { since?: string; format: 'csv' | 'html' }): Promise<string> {
  const since = options.since !== undefined ? Date.parse(options.since) : Number.NEGATIVE_INFINITY;
  if (Number.isNaN(since)) throw new InputError(`--since ${options.since}: expected a date such as 2026-11-01`);
  const dir = await quarantineDir(options);
  const { chain, rows: all } = readRegister(dir);
  const rows = all.filter((row) => Date.parse(row.at) >= since);
  const fr = options.lang === 'fr';
  const last = all.at(-1);
  const lastHash = last === undefined ? '' : fr ? `, dernière ligne ${last.seq}, hachage ${last.hash}` : `, last row ${last.seq}, hash ${last.hash}`;
  const status = chain.ok ? (fr ? `chaîne intacte (${chain.rows} lignes${lastHash})` : `chain whole (${chain.rows} rows${lastHash})`) : fr ? `CHAÎNE ROMPUE à la ligne ${chain.seq}` : `CHAIN BROKEN at row ${chain.seq}`;
  if (options.format === 'csv') {
    const separator = csvSeparator(options.lang);
    return `${CSV_BOM}${csvLine([...REGISTER_CSV_COLUMNS], separator)}${rows.map((row) => csvLine(REGISTER_CSV_COLUMNS.map((c) => row[c]), separator)).join('')}`;
  }
  const title = fr ? 'Registre de la quarantaine pii-scan' : 'pii-scan quarantine register';
  const body = rows.map((row) => `<tr>${REGISTER_COLUMNS.map((c) => `<td>${escapeHtml(String(row[c]))}</td>`).join('')}</tr>`).join('\n');
  return [
    '<!doctype html>',
    `<html lang="${options.lang}"><head><meta charset="utf-8"><title>${title}</title>`,
    '<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .5em;text-align:left}td:nth-child(6){font:11px monospace}.broken{color:#b00}</style></head><body>',
    `<h1>${title}</h1>`,
    `<p class="${chain.ok ? 'whole' : 'broken'}">${escapeHtml(status)}${options.since !== undefined ? ` — ${fr ? 'depuis le' : 'since'} ${escapeHtml(options.since)}` : ''}</p>`,
    `<table><thead><tr>${REGISTER_COLUMNS.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>`,
    body,
    '</tbody></table></body></html>',
    '',
  ].join('\n');
}
