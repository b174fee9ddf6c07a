import { describe, expect, it } from 'vitest';
import { fold } from '../../src/detect/fold.js';
import { idShapeOf } from '../../src/fingerprint/fingerprint-file.js';
import { customerIdShape, frenchPhoneOf, isBareEmail, namePostcode, normaliseName, normaliseCustomerId, normaliseEmail, normaliseIban, normaliseNir, normalisePhone, phoneByPatterns, postcodeIn } from '../../src/fingerprint/normalise.js';

describe('fingerprint normalisers: one spelling per value, in the base and in a mail', () => {
  it('customer numbers: separators and case out, the zeros a spreadsheet drops dropped', () => {
    expect(['00 123-456', '123456', '0123456', 'abo-12345678', 'ABO 12345678', 'C00700012'].map(normaliseCustomerId)).toEqual(['123456', '123456', '123456', 'ABO12345678', 'ABO12345678', 'C00700012']);
    expect(['123', 'ABC', 'bât. B', '12 rue X', ''].map(normaliseCustomerId)).toEqual([null, null, null, null, null]);
  });

  it('e-mails: lower case, display name and mailto: dropped', () => {
    expect(['Jean.Dupont@Example.FR', '"Jean" <jean.dupont@example.fr>', 'mailto:jean.dupont@example.fr'].map(normaliseEmail)).toEqual(['jean.dupont@example.fr', 'jean.dupont@example.fr', 'jean.dupont@example.fr']);
    expect(['jean.dupont', 'a@b', 'x y@example.fr'].map(normaliseEmail)).toEqual([null, null, null]);
  });

  it('phones: E.164, from every French spelling', () => {
    expect(['06 12 34 56 78', '06.12.34.56.78', '+33 6 12 34 56 78', '0033612345678', '33612345678', '612345678', '+33 (0)6 12 34 56 78'].map(normalisePhone)).toEqual(Array(7).fill('+33612345678'));
    expect(normalisePhone('+32 2 555 12 12')).toBe('+3225551212');
    expect(['12 34', '06 12 34', '+1 555 0100'].map(normalisePhone)).toEqual([null, null, null]);
  });

  it('IBANs: compact, upper case, checked', () => {
    expect(normaliseIban('fr76 3000 6000 0112 3456 7890 189')).toBe('FR7630006000011234567890189');
    expect(normaliseIban('FR76-3000-6000-0112-3456-7890-189')).toBe('FR7630006000011234567890189');
    expect(normaliseIban('FR76 3000 6000 0112 3456 7890 188')).toBeNull();
  });

  it('NIRs: the 13 characters before the key, Corsica included', () => {
    expect(['1 85 05 78 006 084 36', '1850578006084', '2 69 05 2a 123 456 12'].map(normaliseNir)).toEqual(['1850578006084', '1850578006084', '269052A123456']);
    expect(normaliseNir('9 85 05 78 006 084 36')).toBeNull();
  });

  it('name and postal code: words folded and sorted, civilities out, two words at least', () => {
    expect(['DUPONT Jean', 'Jean Dupont', 'M. Jean DUPONT', 'Mme Jeanne-Marie d’Hérouville'].map((n) => namePostcode(n, '83000'))).toEqual(['dupont jean|83000', 'dupont jean|83000', 'dupont jean|83000', 'd herouville jeanne marie|83000']);
    expect(['DUPONT', 'Mme DUPONT', 'Jean 2 Dupont'].map((n) => namePostcode(n, '83000'))).toEqual([null, null, null]);
    expect(['83000', '12 rue des Lilas 83400 Hyères', '83400 HYERES CEDEX 1', 'Toulon', '123456'].map(postcodeIn)).toEqual(['83000', '83400', '83400', null, null]);
  });

  it('names: the Latin-1 shortcut spells every name as fold does', () => {
    // The reference: fold's Unicode passes on the whole name.
    const byFold = (value: string) => {
      const words = fold(value).split(' ').filter((w) => w !== '' && !['m', 'mme', 'mlle', 'me', 'dr', 'pr', 'mr', 'mrs', 'ms', 'monsieur', 'madame', 'mademoiselle'].includes(w));
      return words.length < 2 || words.length > 6 || words.some((w) => !/^[a-z]+$/.test(w)) ? null : words.sort().join(' ');
    };
    const names = ['ÉLODIE Lætitia', 'Œdipe Roi', 'Strauß Jean', "O'Neil Seán", 'Dr. ÿves Ñúñez', 'M. ABC¼ Def', 'Jean\u00a0Dupont', 'Zoë-Ève  DURAND ', 'Ø Åsa', 'x ª y', 'Jean Du2pont', 'Ðan Þor'];
    // Every Latin-1 character between two letters, and a seeded spread of three-character words.
    for (let c = 0; c < 256; c++) names.push(`Jean ${String.fromCharCode(c)}Dupont`, `A${String.fromCharCode(c)}b Durand`);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) names.push(Array.from({ length: 2 + (next() % 4) }, () => Array.from({ length: 3 }, () => String.fromCharCode(next() % 256)).join('')).join(' '));
    for (const name of names) expect(normaliseName(name), JSON.stringify(name)).toBe(byFold(name));
    expect(normaliseName('Zoë-Ève DURAND')).toBe('durand eve zoe');
  });
});

/** A seeded run of numbers below `n` (a linear congruential generator): the same cells at each run. */
function seeded(seed: number): (n: number) => number {
  return (n) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
}

describe('customerIdShape: the shape of a cell\'s customer number, without making the number', () => {
  const expected = (value: string) => {
    const id = normaliseCustomerId(value);
    return id === null ? -1 : idShapeOf(id);
  };

  it.each([
    ['A123456', idShapeOf('A123456')],
    ['a12-34 56', idShapeOf('A123456')],
    ['000123', idShapeOf('123')],
    ['0000 0000', idShapeOf('0')],
    ['00012345', idShapeOf('12345')],
    ['12/03/2024', idShapeOf('12032024')],
    ['12,50', -1],
    ['123', -1],
    ['06 12 34 56 78', idShapeOf('612345678')],
    ['AB-00-1234', idShapeOf('AB001234')],
    ['1'.repeat(33), -1],
  ])('%s', (value, shape) => {
    expect(customerIdShape(value)).toBe(shape);
    expect(customerIdShape(value)).toBe(expected(value));
  });

  it('says NaN past ASCII, where normaliseCustomerId must read the cell (ß is SS in capitals)', () => {
    expect(customerIdShape('12ß345')).toBeNaN();
    expect(normaliseCustomerId('12ß345')).toBe('12SS345');
    expect(customerIdShape('1234\u00a05678')).toBeNaN();
  });

  it('agrees with normaliseCustomerId on 20,000 random cells of digits, letters, separators and punctuation', () => {
    // Every other cell without punctuation, so that both answers are met often.
    const alphabets = ['0000123456789ABCXYZabcxyz ./_-\t,:;+()#', '000012345678ABz -./'];
    const next = seeded(99);
    let numbers = 0;
    for (let k = 0; k < 20_000; k++) {
      let value = '';
      const alphabet = alphabets[k % 2];
      for (let i = next(40); i >= 0; i--) value += alphabet[next(alphabet.length)];
      const shape = expected(value);
      if (shape !== -1) numbers++;
      expect(customerIdShape(value), JSON.stringify(value)).toBe(shape);
    }
    // Both answers met: numbers and not.
    expect(numbers).toBeGreaterThan(2000);
    expect(numbers).toBeLessThan(18_000);
  });
});

describe('frenchPhoneOf: normalisePhone of a French number, without its regexes', () => {
  it.each([
    ['612345678', '+33612345678'],
    ['0612345678', '+33612345678'],
    ['33612345678', '+33612345678'],
    ['330612345678', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['00330612345678', '+33612345678'],
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['+ 33 6 12-34/56.78', '+33612345678'],
    ['\t06 12 34 56 78\n', '+33612345678'],
    // No phone in it, told by a character: phoneByPatterns says null too.
    ['06 12 34 56 78 (bureau)', null],
    ['15/03/2024 10:30', null],
    ['1 234 567,89', null],
    ['06+12345678', null],
    ['++33612345678', null],
    // phoneByPatterns's to read: international numbers, a national part that starts with 0, other prefixes, a no-break space.
    ['0032225551212', undefined],
    ['+32 2 555 12 12', undefined],
    ['+612345678', undefined],
    ['0012345678', undefined],
    ['061234567', undefined],
    ['4412345678', undefined],
    ['12345678', undefined],
    ['06\u00a012 34 56 78', undefined],
  ])('%s', (value, phone) => {
    expect(frenchPhoneOf(value)).toBe(phone);
    expect(normalisePhone(value)).toBe(phoneByPatterns(value));
    if (phone !== undefined) expect(phoneByPatterns(value)).toBe(phone);
  });

  it('agrees with the regexes on 50,000 seeded values: digits after French and other prefixes, separators, + and other characters', () => {
    const prefixes = ['', '0', '00', '33', '330', '0033', '00330', '0330', '3300', '033', '3', '03', '44', '0044', '000', '+33', '+330', '+0033', '+44', '+', '+0'];
    const between = ['', '', '', ' ', '.', '-', '/', '(', ')', '\t', ':', ',', 'x', '+', '\u00a0'];
    const next = seeded(5);
    const answered = { french: 0, none: 0, left: 0 };
    for (let k = 0; k < 50_000; k++) {
      let value = prefixes[k % prefixes.length];
      // Nine digits after the prefix every other time, other lengths otherwise; a 0 one digit in four
      // and more, so that national parts starting with 0 are met; a separator or another character
      // between two digits one time in four.
      for (let i = k % 3 === 0 ? 5 + next(12) : 9; i > 0; i--) {
        if (next(5) === 0) value += between[next(between.length)];
        value += next(6) === 0 ? '0' : String(next(10));
      }
      const phone = frenchPhoneOf(value);
      const reference = phoneByPatterns(value);
      if (phone === undefined) answered.left++;
      else {
        if (phone === null) answered.none++;
        else answered.french++;
        expect(phone, value).toBe(reference);
      }
      expect(normalisePhone(value), value).toBe(reference);
    }
    // Each route taken many times.
    expect(answered.french).toBeGreaterThan(3_000);
    expect(answered.none).toBeGreaterThan(5_000);
    expect(answered.left).toBeGreaterThan(5_000);
  });
});

describe('postcodeIn: the last run of exactly five digits, read without a regex', () => {
  it('agrees with the regex on 20,000 seeded cells of digit runs, letters and spaces', () => {
    const byRegex = (value: string) => value.match(/(?<!\d)\d{5}(?!\d)/g)?.pop() ?? null;
    const next = seeded(11);
    let found = 0;
    for (let k = 0; k < 20_000; k++) {
      let value = '';
      for (let part = next(5); part >= 0; part--) value += next(3) === 0 ? ['a', ' ', 'rue ', '-', 'é'][next(5)] : '0123456789'.slice(0, 3 + next(5)).slice(next(3));
      const postcode = postcodeIn(value);
      if (postcode !== null) found++;
      expect(postcode, value).toBe(byRegex(value));
    }
    expect(found).toBeGreaterThan(2_000);
  });
});

describe('isBareEmail: normaliseEmail\'s shape check of a bare cell, without its regex', () => {
  it.each([
    ['constance_morel@mail.example.net', true],
    ['b.cousin62@wanadoo.example.org', true],
    ['a@b.c', true],
    ['x@example', false],
    ['x@example.', false],
    ['x@.example.fr', false],
    ['x@example..fr', false],
    ['@example.fr', false],
    ['x@y@example.fr', false],
    ['x@exa_mple.fr', false],
    [`${'a'.repeat(64)}@example.fr`, true],
    [`${'a'.repeat(65)}@example.fr`, false],
  ])('%s', (address, shaped) => {
    expect(isBareEmail(address, address.indexOf('@'))).toBe(shaped);
    expect(normaliseEmail(address) === address).toBe(shaped);
  });

  it.each([
    ['Jean.Dupont@example.fr', false],
    ['jean dupont@example.fr', false],
    ['mailto:jean@example.fr', false],
    ['<jean@example.fr', false],
    ['jéan@example.fr', false],
    ['jean@Example.fr', false],
  ])('%s is left to normaliseEmail', (address, shaped) => {
    expect(isBareEmail(address, address.indexOf('@'))).toBe(shaped);
  });

  it('answers only for cells that normaliseEmail leaves as they are, on 50,000 seeded cells of capitals, spaces, : < and accents', () => {
    const alphabet = 'abzAZ09-._@+!% :<é';
    const next = seeded(12);
    const run = (letters: string, most: number) => Array.from({ length: next(most + 1) }, () => letters[next(letters.length)]).join('');
    let shaped = 0;
    let other = 0;
    for (let k = 0; k < 50_000; k++) {
      // Half the local parts, and a quarter of the domains, of letters that may need normalising.
      const cell = `${run(next(2) ? 'abz09-._+' : alphabet, 12)}@${Array.from({ length: 1 + next(3) }, () => run(next(4) ? 'az09-' : 'azAZ09-_', 8)).join('.')}`;
      const at = cell.indexOf('@');
      if (isBareEmail(cell, at)) {
        shaped++;
        expect(normaliseEmail(cell), cell).toBe(cell);
      } else if (normaliseEmail(cell) !== null) other++;
    }
    // Both routes taken: many cells bare, many others normalised to an address.
    expect([shaped > 500, other > 500]).toEqual([true, true]);
  });

  it('agrees with normaliseEmail on 50,000 seeded bare cells holding an @', () => {
    // Bare: no capital, no white space, nothing past ASCII, no : or < (those take normaliseEmail's route).
    const alphabet = 'abz09-._@+!%';
    const next = seeded(11);
    const run = (letters: string, most: number) => Array.from({ length: next(most + 1) }, () => letters[next(letters.length)]).join('');
    let shaped = 0;
    for (let k = 0; k < 50_000; k++) {
      // Every other cell built as an address (a local part, an @, labels between dots) that is
      // often, not always, well formed; the others any run of the alphabet.
      const cell =
        k % 2 === 0
          ? `${run(alphabet, next(3) === 0 ? 70 : 12)}@${Array.from({ length: 1 + next(3) }, () => run('az09-_', 8)).join('.')}`
          : run(alphabet, 80);
      const at = cell.indexOf('@');
      if (at < 0) continue;
      const expected = normaliseEmail(cell) === cell;
      if (expected) shaped++;
      expect(isBareEmail(cell, at), cell).toBe(expected);
    }
    expect(shaped).toBeGreaterThan(500);
  });
});
