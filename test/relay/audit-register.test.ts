import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditRegister, REGISTER_FILE, rowHash } from '../../src/relay/audit-register.js';
import type { AuditEvent, AuditRow } from '../../src/relay/audit-register.js';

const event = (n: number): AuditEvent => ({ action: n % 2 ? 'view' : 'quarantine', id: `20220808T0815${String(n).padStart(2, '0')}Z-0a1b2c3d`, digest: 'ab'.repeat(32), kind: 'customer-file', people: 15930 + n, reason: `reason ${n}` });

/** A register of five rows, and a raw handle on its file to tamper with it as someone with the file would. */
function fiveRows() {
  const dir = mkdtempSync(join(tmpdir(), 'pii-scan-register-'));
  const register = AuditRegister.open(dir);
  for (let n = 1; n <= 5; n++) register.append(event(n), new Date(Date.UTC(2022, 7, 8, 8, 15, n)));
  register.close();
  return { dir, raw: new Database(join(dir, REGISTER_FILE)) };
}

const verify = (dir: string) => {
  const register = AuditRegister.open(dir);
  try {
    return register.verify();
  } finally {
    register.close();
  }
};

describe('the audit register', () => {
  it('chains every row to the one before, holds no content, and is created 0600', () => {
    const { dir, raw } = fiveRows();
    raw.close();
    expect(verify(dir)).toEqual({ ok: true, rows: 5 });
    const register = AuditRegister.open(dir);
    const rows = register.rows();
    register.close();
    expect(rows.map((r) => [r.seq, r.action, r.people])).toEqual([[1, 'view'], [2, 'quarantine'], [3, 'view'], [4, 'quarantine'], [5, 'view']].map(([s, a], i) => [s, a, 15931 + i]));
    expect(rows[0].prev).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev).toBe(rows[i - 1].hash);
    expect(statSync(join(dir, REGISTER_FILE)).mode & 0o777).toBe(0o600);
    // The file holds ids, digests, kinds, counts and reasons: no column for anything a message says.
    const db = new Database(join(dir, REGISTER_FILE), { readonly: true });
    expect((db.prepare('PRAGMA table_info(register)').all() as { name: string }[]).map((c) => c.name)).toEqual(['seq', 'at', 'who', 'action', 'id', 'digest', 'kind', 'people', 'reason', 'prev', 'hash']);
    db.close();
  });

  /** The five-row register after `change`, made with the file's own handle, as verify sees it. */
  const tampered = (change: (raw: Database.Database) => void) => {
    const { dir, raw } = fiveRows();
    change(raw);
    raw.close();
    return verify(dir);
  };

  it('names a row whose content was changed', () => {
    expect(tampered((raw) => raw.exec('UPDATE register SET people = 3 WHERE seq = 3'))).toEqual({ ok: false, seq: 3, problem: 'changed', expected: 3 });
  });

  it('names the row after one changed with its own hash recomputed: it no longer follows', () => {
    const result = tampered((raw) => {
      const row = raw.prepare('SELECT * FROM register WHERE seq = 2').get() as AuditRow;
      const forged = { ...row, reason: 'nothing to see' };
      raw.prepare('UPDATE register SET reason = ?, hash = ? WHERE seq = 2').run(forged.reason, rowHash(forged));
    });
    expect(result).toEqual({ ok: false, seq: 3, problem: 'unlinked', expected: 3 });
  });

  it('names the place of a row removed', () => {
    expect(tampered((raw) => raw.exec('DELETE FROM register WHERE seq = 4'))).toEqual({ ok: false, seq: 5, problem: 'missing', expected: 4 });
  });

  it('names rows put in another order', () => {
    const swap = 'UPDATE register SET seq = 100 WHERE seq = 2; UPDATE register SET seq = 2 WHERE seq = 3; UPDATE register SET seq = 3 WHERE seq = 100;';
    expect(tampered((raw) => raw.exec(swap))).toEqual({ ok: false, seq: 2, problem: 'unlinked', expected: 2 });
  });

  it('goes on from the last row when opened again', () => {
    const { dir, raw } = fiveRows();
    raw.close();
    const register = AuditRegister.open(dir);
    expect(register.append(event(6)).seq).toBe(6);
    register.close();
    expect(verify(dir)).toEqual({ ok: true, rows: 6 });
  });
});
