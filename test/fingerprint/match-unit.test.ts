import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerLexicon } from '../../src/detect/header-lexicon.js';
import type { FingerprintIndex } from '../../src/fingerprint/fingerprint-file.js';
import { emailDetector } from '../../src/detect/detectors/email.js';
import { phoneDetector } from '../../src/detect/detectors/phone.js';
import { SeenMatches } from '../../src/detect/seen-matches.js';
import { matchUnit, namesIn } from '../../src/fingerprint/match-unit.js';
import type { TableUnit, TextUnit } from '../../src/model/units.js';
import { scoreUnit } from '../../src/score/score-unit.js';
import { fingerprintBase } from '../helpers/fingerprint-base.js';

/**
 * matchUnit. A table's values are looked up a run of rows at a time (their look-ups checked together), its
 * names after its values: what it finds, and the samples it keeps, are those of a reading row by
 * row, cell by cell, across the runs' edges.
 */
const dir = mkdtempSync(join(tmpdir(), 'pii-scan-table-runs-'));
let index: FingerprintIndex;
const BASE = [
  ['Nom', 'Prénom', 'Code postal', 'N° client', 'Email', 'Téléphone', 'IBAN'],
  ['MARTIN', 'Claire', '83000', 'C200001', 'claire.martin@example.org', '06 11 11 11 11', ''],
  ['BERNARD', 'Louis', '13001', 'C200002', 'louis.bernard@example.org', '06 22 22 22 22', ''],
  ['PETIT', 'Emma', '69003', 'C200003', 'emma.petit@example.org', '06 33 33 33 33', ''],
  ['DURAND', 'Hugo', '75011', 'C200004', 'hugo.durand@example.org', '06 44 44 44 44', 'FR76 3000 6000 0112 3456 7890 189'],
  ['LEROY', 'Jade', '31000', 'C200005', 'jade.leroy@example.org', '06 55 55 55 55', ''],
];

beforeAll(async () => {
  index = await fingerprintBase(dir, BASE);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 300 rows of people who are not customers (their names tried with a postal code), with `rows` written over. */
const table = (rows: Record<number, string[]>): TableUnit => {
  const all = Array.from({ length: 300 }, (_, r) => rows[r] ?? ['LAMBERT', 'Nina', '44000', `note ${r}`]);
  return { kind: 'table', where: 'export.csv', header: ['Col A', 'Col B', 'Col C', 'Col D'], rows: all, totalRows: all.length };
};
const LONG = `Dossier suivi par le service clients depuis 2019, relances envoyées par courrier et par téléphone, référence client C200004, à clore.`;

describe('a table looked up a run of rows at a time', () => {
  it('finds each customer once, counts each value, and keeps the first four entities in reading order', () => {
    const match = matchUnit(
      table({
        3: ['MARTIN', 'Claire', '83000', 'aucune'],
        4: ['', '', '', 'louis.bernard@example.org'],
        130: ['', '', '', '06 33 33 33 33'],
        200: ['', '', '', LONG],
        250: ['', '', '', 'C200005'],
        260: ['', '', '', 'FR76 3000 6000 0112 3456 7890 189'],
      }),
      index,
      headerLexicon(),
    );
    expect(LONG.length).toBeGreaterThan(120);
    expect(match?.records.size).toBe(5);
    expect(match?.entities).toEqual({ 'full-name': 1, email: 1, phone: 1, 'customer-id': 2, iban: 1 });
    // The name of row 3 is looked up after the e-mail of row 4 (names after values), the long
    // cell of row 200 searched as text after the run's values: each is kept where it is read.
    expect(match?.samples).toEqual([
      { entity: 'full-name', value: 'MARTIN Claire 83000' },
      { entity: 'email', value: 'louis.bernard@example.org' },
      { entity: 'phone', value: '06 33 33 33 33' },
      { entity: 'customer-id', value: 'C200004' },
    ]);
  });

  it('a run of wide rows queues more values and names than its first queue holds', () => {
    // 128 rows a run, each with four addresses of nobody and two name pairs of nobody: 512 values and 256 names a run.
    const wide = Array.from({ length: 300 }, (_, r) => [`a${r}@example.net`, `b${r}@example.net`, `c${r}@example.net`, `d${r}@example.net`, 'LAMBERT', 'Nina', 'ROUX', 'Paul', '44000']);
    wide[140][2] = 'jade.leroy@example.org';
    wide[299][6] = 'MARTIN';
    wide[299][7] = 'Claire';
    wide[299][8] = '83000';
    const match = matchUnit({ kind: 'table', where: 'export.csv', header: wide[0].map((_, c) => `Col ${c}`), rows: wide, totalRows: wide.length }, index, headerLexicon());
    expect([match?.records.size, match?.entities]).toEqual([2, { email: 1, 'full-name': 1 }]);
  });

  it('a row its e-mail names adds no one by its name; the same name in the next run does', () => {
    const match = matchUnit(
      table({
        127: ['PETIT', 'Emma', '69003', 'hugo.durand@example.org'],
        128: ['PETIT', 'Emma', '69003', 'sans objet'],
      }),
      index,
      headerLexicon(),
    );
    expect(match?.records.size).toBe(2);
    expect(match?.entities).toEqual({ email: 1, 'full-name': 1 });
    expect(match?.samples).toEqual([
      { entity: 'email', value: 'hugo.durand@example.org' },
      { entity: 'full-name', value: 'PETIT Emma 69003' },
    ]);
  });
});

describe('a text unit matched with what its scoring found', () => {
  const letter: TextUnit = {
    kind: 'text',
    where: 'body/text',
    text: 'Bonjour,\nmerci d\'écrire à contact@example.org ou à louis.bernard@example.org (06 33 33 33 33).\nCordialement',
  };

  it('scoring records every value its detectors find, the role address too, for that text only', () => {
    const seen = new SeenMatches();
    scoreUnit(letter, false, { seen });
    expect(seen.of(letter.text, emailDetector)).toEqual(['contact@example.org', 'louis.bernard@example.org']);
    expect(seen.of(letter.text, phoneDetector)).toEqual(['06 33 33 33 33']);
    expect(seen.of('another text', emailDetector)).toBeUndefined();
    seen.forget();
    expect(seen.of(letter.text, emailDetector)).toBeUndefined();
  });

  it('finds the same customers with and without it, and reads the values it holds', () => {
    const seen = new SeenMatches();
    scoreUnit(letter, false, { seen });
    const without = matchUnit(letter, index, headerLexicon());
    expect(without?.entities).toEqual({ email: 1, phone: 1 });
    expect(matchUnit(letter, index, headerLexicon(), seen)).toEqual(without);
    // Values recorded for this text are the ones looked up: a customer's address the text lacks is found.
    seen.start(letter.text);
    seen.ran(emailDetector).push('jade.leroy@example.org');
    seen.ran(phoneDetector);
    const read = matchUnit(letter, index, headerLexicon(), seen);
    expect([read?.records.size, read?.entities, read?.samples]).toEqual([1, { email: 1 }, [{ entity: 'email', value: 'jade.leroy@example.org' }]]);
  });
});

describe('a table matched with the header row its scoring found', () => {
  // Nine digits are a phone whose 0 a spreadsheet dropped, except in a column its header names as another identifier.
  const rows = [
    ['N° client', 'Ville'],
    ['611111111', 'TOULON'],
  ];
  const unit: TableUnit = { kind: 'table', where: 'export.csv', header: null, rows, totalRows: rows.length };

  it('reads the header row from it instead of looking for one again', () => {
    expect(matchUnit(unit, index, headerLexicon())).toBeNull();
    const seen = new SeenMatches();
    scoreUnit(unit, false, { seen });
    expect(seen.headerRowOf(rows)).toBe(0);
    expect(matchUnit(unit, index, headerLexicon(), seen)).toBeNull();
    // A record of no header row for these rows is read as such: the nine digits are then a phone.
    seen.table(rows, -1);
    expect(matchUnit(unit, index, headerLexicon(), seen)?.entities).toEqual({ phone: 1 });
    seen.forget();
    expect(seen.headerRowOf(rows)).toBeUndefined();
  });
});

describe('namesIn: capitalised words side by side in a line of text', () => {
  /** The reading by Unicode's letter classes alone, and a regex for the blanks between two words: namesIn's answer on every line. */
  function byUnicode(line: string): string[] {
    const words = [...line.matchAll(/(?<![\p{L}])\p{Lu}[\p{L}'’-]*\p{L}/gu)].map((w) => ({ word: w[0], at: w.index, end: w.index + w[0].length }));
    // Whether each word is followed by the next with blanks only between them; each such pair, then its triple when the next is too.
    const joined = words.map((w, i) => i + 1 < words.length && /^[ \t]+$/.test(line.slice(w.end, words[i + 1].at)));
    return words.flatMap((w, i) => {
      if (!joined[i]) return [];
      const pair = `${w.word} ${words[i + 1].word}`;
      return joined[i + 1] ? [pair, `${pair} ${words[i + 2].word}`] : [pair];
    });
  }

  it('pairs and triples of words, on one line', () => {
    expect(namesIn('M. Jean DUPONT\t83000')).toEqual(['Jean DUPONT']);
    expect(namesIn("Marie-Ève O'NEIL Zoë 12 rue X")).toEqual(["Marie-Ève O'NEIL", "Marie-Ève O'NEIL Zoë", "O'NEIL Zoë"]);
    expect(namesIn('Jean, Dupont; Anne Łukasiewicz')).toEqual(['Anne Łukasiewicz']);
  });

  it('reads each Latin-1 character as Unicode does, where a word starts, inside it and last', () => {
    for (let c = 0; c < 256; c++) {
      const ch = String.fromCharCode(c);
      for (const line of [`${ch}Ab Cd`, `A${ch}b Cd`, `Ab${ch} Cd`, `Ab ${ch}d`, `Ab ${ch}`]) expect(namesIn(line), JSON.stringify(line)).toEqual(byUnicode(line));
    }
  });

  it('reads every line as Unicode does, on 30,000 seeded lines of Latin-1 and other letters, blanks and signs', () => {
    const alphabet = [...Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)), '’', 'Ł', 'ř', 'Ω', 'ß', 'ǅ', '\u2003'];
    const next = seeded(3);
    let names = 0;
    for (let k = 0; k < 30_000; k++) {
      let line = '';
      for (let w = 1 + next(6); w > 0; w--) {
        // A character of the alphabet before the word one time in three: a capital, a letter or a sign where a word starts.
        // The first 1,024 lines: each Latin-1 character in turn, before and after Latin-1 words; then any.
        const first = k < 1024;
        if (first || next(3) === 0) line += alphabet[first ? k % 256 : next(alphabet.length)];
        line += ['Jean', 'DUPONT', 'Élise', 'Ana', "D'Arc", 'x', 'À', 'O’Hara'][next(first ? 7 : 8)];
        for (let i = next(3); i > 0; i--) line += alphabet[first ? k % 256 : next(alphabet.length)];
        line += [' ', ' ', '  ', '\t', ', ', ''][next(6)];
      }
      const read = namesIn(line);
      names += read.length;
      expect(read, JSON.stringify(line)).toEqual(byUnicode(line));
    }
    expect(names).toBeGreaterThan(10_000);
  });
});

/** A seeded run of numbers below `n` (a linear congruential generator): the same lines at each run. */
function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}
