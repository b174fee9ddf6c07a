import { describe, expect, it } from 'vitest';
import { makePeople } from '../../../fixtures/generator/people.js';
import { toVcard } from '../../../fixtures/generator/vcard.js';
import { cardsTable, readCards } from '../../../src/extract/text/vcard.js';
import { DEFAULT_LIMITS } from '../../../src/model/limits.js';
import { DEFAULT_POLICY } from '../../../src/policy/policy.js';
import { scanMessage } from '../../../src/scan-message.js';
import { attachment, mail, mixed, textBody } from '../../helpers/mail.js';

describe('vCard reader', () => {
  it('reads 2.1 quoted-printable (soft breaks, Latin-1), 3.0 folding, escapes and groups, one row a card', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:H=E9rouville;=C9lodie;;Mme;',
      'ADR;HOME;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:;;12 all=C3=A9e des Ch=',
      '=C3=AAnes;Hy=C3=A8res;;83400;France',
      'TEL;CELL:06 12 34 56 78',
      'PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQ',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Jean Dupont\\, fils',
      'N:Dupont;Jean;;;',
      'item1.EMAIL;TYPE=INTERNET:jean.dupont@exam',
      ' ple.fr',
      'EMAIL;TYPE=WORK:j.dupont@travail.example.com',
      'NOTE:Client depuis 2019\\nrelevé en septembre',
      'END:VCARD',
    ].join('\r\n');
    const table = cardsTable(readCards(text), 'contacts.vcf');
    expect(table.header).toEqual(['Nom complet', 'Nom', 'Prénom', 'Adresse', 'Code postal', 'Ville', 'Email', 'Email 2', 'Téléphone', 'Société', 'Date de naissance', 'Notes']);
    expect(table.rows).toEqual([
      ['', 'Hérouville', 'Élodie', '12 allée des Chênes', '83400', 'Hyères', '', '', '06 12 34 56 78', '', '', ''],
      ['Jean Dupont, fils', 'Dupont', 'Jean', '', '', '', 'jean.dupont@example.fr', 'j.dupont@travail.example.com', '', '', '', 'Client depuis 2019\nrelevé en septembre'],
    ]);
  });

  it('one contact card in a signature is no customer file; an address book of 40 is, 40 people', async () => {
    const scan = async (count: number) =>
      scanMessage(
        { source: 'out.eml', kind: 'message', name: 'out.eml', content: mail(mixed(textBody('Bonjour,\nmes coordonnées ci-jointes.\n'), attachment('contacts.vcf', toVcard(makePeople(7, count), '3.0'), 'text/vcard'))) },
        { limits: DEFAULT_LIMITS, policy: DEFAULT_POLICY },
      );
    const one = await scan(1);
    expect(one.findings.filter((f) => f.kind === 'customer-file')).toEqual([]);
    expect(one.verdict).not.toBe('block');
    const book = await scan(40);
    expect(book.findings.filter((f) => f.kind === 'customer-file').map((f) => [f.where, f.people])).toEqual([['contacts.vcf', 40]]);
    expect([book.verdict, book.people]).toEqual(['block', 40]);
  });
});
