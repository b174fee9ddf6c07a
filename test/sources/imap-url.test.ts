import { describe, expect, it } from 'vitest';
import { folderMatches, parseImapUrl } from '../../src/sources/imap/imap-url.js';
import { uidSet } from '../../src/sources/imap/imap-source.js';

const refused = (url: string) => {
  try {
    parseImapUrl(url);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

describe('IMAP addresses', () => {
  it('reads the account, the folder and the filters; ports default by scheme', () => {
    expect(parseImapUrl('imaps://dpo@mail.example.org/Sent?since=2026-11-01&before=2026-12-01&larger-than=500K')).toEqual({
      secure: true,
      user: 'dpo',
      host: 'mail.example.org',
      port: 993,
      folder: 'Sent',
      since: new Date('2026-11-01T00:00:00Z'),
      before: new Date('2026-12-01T00:00:00Z'),
      largerThan: 512_000,
      account: 'imaps://dpo@mail.example.org:993',
      filters: '?since=2026-11-01&before=2026-12-01&larger-than=512000',
    });
    expect(parseImapUrl('imap://dpo%40mairie.example.org@127.0.0.1:1143/')).toMatchObject({ secure: false, user: 'dpo@mairie.example.org', port: 1143, folder: 'INBOX' });
    expect(parseImapUrl('imaps://dpo@h/%C3%89l%C3%A9ments%20envoy%C3%A9s').folder).toBe('Éléments envoyés');
    expect(parseImapUrl('imaps://dpo@h/Archives/2025?larger-than=2M').largerThan).toBe(2 * 1024 * 1024);
    // The filters spelt one way whatever their order and units (what --since-state keeps a folder by); none: ''.
    expect(parseImapUrl('imaps://dpo@h/Sent?larger-than=2M&since=2026-11-01').filters).toBe('?since=2026-11-01&larger-than=2097152');
    expect(parseImapUrl('imaps://dpo@h/Sent').filters).toBe('');
    expect(parseImapUrl('imaps://dpo@[::1]:1993/Sent')).toMatchObject({ host: '::1', port: 1993, account: 'imaps://dpo@[::1]:1993' });
  });

  it('refuses, in one line each: a password, no user, a bad filter, date or size, a UID parameter', () => {
    expect(refused('imaps://dpo:secret@h/Sent')).toBe(`imaps://dpo@h: a password in the address is refused (it would be seen in the process list and the shell's history): set PII_SCAN_IMAP_PASSWORD, or type it when asked`);
    expect(refused('imaps://h/Sent')).toBe('imaps://h: no user name: imaps://user@h/Folder');
    expect(refused('imaps://dpo@h/Sent?from=x')).toBe('imaps://dpo@h: unknown filter "from" (known: since, before, larger-than)');
    expect(refused('imaps://dpo@h/Sent?since=2026-02-30')).toBe('imaps://dpo@h: since=2026-02-30 is not a date (YYYY-MM-DD)');
    expect(refused('imaps://dpo@h/Sent?since=01/11/2026')).toBe('imaps://dpo@h: since=01/11/2026 is not a date (YYYY-MM-DD)');
    expect(refused('imaps://dpo@h/Sent?larger-than=big')).toBe('imaps://dpo@h: larger-than=big is not a size (bytes, or a number with K, M or G)');
    expect(refused('imaps://dpo@h/Sent?since=2026-12-01&before=2026-11-01')).toBe('imaps://dpo@h: since=2026-12-01 is not before before=2026-11-01: no message could match');
    expect(refused('imaps://dpo@h/Sent;UID=4')).toBe('imaps://dpo@h: ";" parameters (UID, UIDVALIDITY) are not supported: name a folder, with ?since= or ?before= to narrow it');
  });

  it('matches folders by name (INBOX in any case) or by glob', () => {
    expect([folderMatches('inbox', 'INBOX'), folderMatches('Sent', 'sent'), folderMatches('Sent', 'Sent')]).toEqual([true, false, true]);
    expect(['INBOX', 'Sent', 'Sent Items', 'Archives/2024', 'Archives/2025', 'Drafts'].filter((f) => folderMatches('Archives/*', f))).toEqual(['Archives/2024', 'Archives/2025']);
    expect(['Sent', 'Sent Items', 'Spam'].filter((f) => folderMatches('S?nt*', f))).toEqual(['Sent', 'Sent Items']);
    expect(['a.b', 'axb'].filter((f) => folderMatches('a.b', f))).toEqual(['a.b']);
  });

  it('writes UIDs as a short sequence set', () => {
    expect(uidSet([1, 2, 3, 5, 7, 8, 10])).toBe('1:3,5,7:8,10');
    expect(uidSet([42])).toBe('42');
    expect(uidSet(Array.from({ length: 10_000 }, (_, i) => i + 1))).toBe('1:10000');
  });
});
