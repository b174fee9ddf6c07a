import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/model/limits.js';
import type { MessageResult } from '../../src/model/result.js';
import { DEFAULT_POLICY } from '../../src/policy/policy.js';
import { PartCache } from '../../src/score/part-cache.js';
import { scanMessage } from '../../src/scan-message.js';
import type { ScanOptions } from '../../src/scan-message.js';
import { toCsv, toXlsx } from '../../fixtures/generator/files.js';
import { makePeople } from '../../fixtures/generator/people.js';
import type { Person } from '../../fixtures/generator/people.js';
import { customerTable } from '../../fixtures/generator/tables.js';
import { attachment, mail, mixed, textBody } from '../helpers/mail.js';
import { FOUNDING } from '../helpers/scan-cost.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const people = makePeople(77, 400).filter((p) => customerTable([p]).rows[0]![5] !== '');
const LIST = toCsv(customerTable(people.slice(0, 300)));
const outsider = people[350] as Person;
const options = (partCache?: PartCache): ScanOptions => ({ limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY, ...(partCache ? { partCache } : {}) });
const scan = (content: Buffer, partCache?: PartCache) => scanMessage({ source: 'out.eml', kind: 'message', name: 'out.eml', content }, options(partCache));
/** One message of a campaign: the same attachment, one recipient each. */
const campaignMail = (to: Person, file: Buffer = LIST, filename = 'abonnes.csv', type = 'text/csv') =>
  mail(mixed(textBody('Bonjour,\nle programme de la réunion est joint.\n'), attachment(filename, file, type)), { from: { address: 'service@example.org' }, to: { address: to.email }, messageId: `campaign.${to.email}` });

describe('PartCache: each attachment scored once per run', () => {
  it('gives a campaign exactly the results of scans without it, the mass-mailing check per recipient included, from one parse', async () => {
    const recipients = [people[0], outsider, people[1], people[299], outsider] as Person[];
    const cache = new PartCache();
    const cached: MessageResult[] = [];
    for (const to of recipients) cached.push(await scan(campaignMail(to), cache));
    const fresh: MessageResult[] = [];
    for (const to of recipients) fresh.push(await scan(campaignMail(to)));
    expect(cached).toEqual(fresh);
    // The recipients in the list are listed; the outsider is not: decided per message.
    expect(cached.map((r) => r.massMailing?.listed ?? 0)).toEqual([1, 0, 1, 1, 0]);
    expect(cached.map((r) => [r.verdict, r.rule, r.people])).toEqual(Array(5).fill(['block', 'people', 300]));
    expect([cache.misses, cache.hits]).toEqual([1, 4]);
  });

  it('counts a person once across two replayed attachments that share them (200 + 200 rows, 100 in both)', async () => {
    const first = toCsv(customerTable(people.slice(0, 200)));
    const second = toCsv(customerTable(people.slice(100, 300)));
    const both = (to: Person) => mail(mixed(textBody('Bonjour,\ndeux fichiers.\n'), attachment('a.csv', first, 'text/csv'), attachment('b.csv', second, 'text/csv')), { to: { address: to.email }, messageId: `two.${to.email}` });
    const cache = new PartCache();
    const results = [];
    for (const to of [outsider, people[0] as Person, outsider]) results.push(await scan(both(to), cache));
    expect(results.map((r) => [r.people, r.findings.length])).toEqual(Array(3).fill([300, 2]));
    expect([cache.misses, cache.hits]).toEqual([2, 4]);
    expect(results[2]).toEqual(await scan(both(outsider)));
  });

  it('replays the founding workbook (15,930 people) as it was read', async () => {
    const cache = new PartCache();
    const first = await scan(FOUNDING, cache);
    const again = await scan(FOUNDING, cache);
    expect(again).toEqual(first);
    expect(again).toMatchObject({ verdict: 'block', rule: 'people', people: 15930 });
    expect([cache.misses, cache.hits]).toEqual([1, 1]);
  });

  it('keeps no part scored with a look at the message\'s own addresses (a calendar of its attendees), nor one read with an issue', async () => {
    const attendees = people.slice(0, 300).map((p) => `ATTENDEE;CN=${p.firstName} ${p.lastName}:mailto:${p.email}`).join('\r\n');
    const calendar = Buffer.from(`BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Réunion\r\n${attendees}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`);
    const workbook = await toXlsx(customerTable(makePeople(78, 2000)), { sheetName: 'Abonnes' });
    const truncated = workbook.subarray(0, Math.floor(workbook.length / 2));
    const cache = new PartCache();
    for (let i = 0; i < 2; i++) await scan(campaignMail(people[0] as Person, calendar, 'invitation.ics', 'text/calendar'), cache);
    const results = [];
    for (let i = 0; i < 2; i++) results.push(await scan(campaignMail(outsider, truncated, 'abonnes.xlsx', XLSX), cache));
    expect(results.map((r) => [r.verdict, r.issues.map((issue) => issue.code)])).toEqual(Array(2).fill(['unscannable', ['truncated']]));
    expect(truncated.length).toBeGreaterThan(16 * 1024);
    expect([cache.misses, cache.hits, cache.size]).toEqual([4, 0, 0]);
  });

  it('drops the least recently used entries past its size', () => {
    const cache = new PartCache(1000);
    const entry = (n: number) => ({ units: [], records: [{ where: `f${n}.csv`.padEnd(200, 'x'), type: 'csv' as const, bytes: n, status: 'scanned' as const }] });
    cache.set('a', entry(1));
    cache.set('b', entry(2));
    cache.set('c', entry(3));
    expect(cache.get('a')).toBeDefined();
    cache.set('d', entry(4));
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k) !== undefined)).toEqual([true, false, true, true]);
    expect(cache.size).toBeLessThanOrEqual(1000);
  });
});
