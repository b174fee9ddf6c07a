import { describe, expect, it } from 'vitest';
import { readLdif } from '../../../src/extract/text/ldif.js';

describe('LDIF reader', () => {
  it('reads entries separated by blank lines: base64 values, folded lines, comments, attribute case', () => {
    const text = [
      'version: 1',
      '# exported address book',
      'dn: cn=Jean Dupont,mail=jean.dupont@example.fr',
      'cn: Jean Dupont',
      'MAIL: jean.dupont@exa',
      ' mple.fr',
      `sn:: ${Buffer.from('Hérouville').toString('base64')}`,
      'jpegPhoto:: /9j/4AAQ',
      '',
      'dn: cn=Zoé Martin',
      'givenName: Zoé',
      'telephoneNumber: 04 94 00 00 01',
      'telephoneNumber: 06 12 00 00 02',
      '',
    ].join('\r\n');
    expect(readLdif(text).map((e) => Object.fromEntries(e))).toEqual([
      { dn: ['cn=Jean Dupont,mail=jean.dupont@example.fr'], cn: ['Jean Dupont'], mail: ['jean.dupont@example.fr'], sn: ['Hérouville'] },
      { dn: ['cn=Zoé Martin'], givenname: ['Zoé'], telephonenumber: ['04 94 00 00 01', '06 12 00 00 02'] },
    ]);
  });
});
