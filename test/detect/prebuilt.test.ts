import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWN_NAMES_INDEX, isKnownName } from '../../src/detect/detectors/person-name.js';
import { communesByCode, parsePostcodeIndex, POSTCODE_INDEX, postcodes } from '../../src/detect/detectors/postal-code.js';
import { readPrebuilt, writePrebuilt, type PrebuiltIndex } from '../../src/detect/prebuilt.js';
import { packageFile } from '../../src/detect/rules.js';
import { tempDirs } from '../helpers/temp-dir.js';

describe('reference data compiled at build time (dist/data/)', () => {
  const dirs = tempDirs();
  afterAll(() => dirs.remove());
  const counted = () => {
    const index = { file: 'test.txt', sourcePackage: 'humannames', compile: () => (index.calls++, 'dupont\nmartin\n'), calls: 0 };
    return index satisfies PrebuiltIndex;
  };

  it('is read from its file, header line removed, when it was compiled from the installed version of its package', () => {
    const dir = dirs.make({});
    const index = counted();
    writePrebuilt([index], dir);
    expect(readFileSync(path.join(dir, 'test.txt'), 'utf8')).toBe('# humannames 1.0.5\ndupont\nmartin\n');
    expect(readPrebuilt(index, dir)).toBe('dupont\nmartin\n');
    expect(index.calls).toBe(1);
  });

  it('is compiled again in memory, and nothing written, when its file is missing or from another version of the package', () => {
    const dir = dirs.make({ 'test.txt': '# humannames 0.9.0\nancien\n' });
    const index = counted();
    expect(readPrebuilt(index, dir)).toBe('dupont\nmartin\n');
    expect(readPrebuilt({ ...index, file: 'absent.txt' }, dir)).toBe('dupont\nmartin\n');
    expect(index.calls).toBe(2);
    expect(readFileSync(path.join(dir, 'test.txt'), 'utf8')).toBe('# humannames 0.9.0\nancien\n');
  });

  it('postcodes: the index gives the same codes and communes as the package file', () => {
    const fromPackage = communesByCode(readFileSync(packageFile('@etalab/decoupage-administratif/data/communes.json'), 'utf8'));
    expect([...parsePostcodeIndex(POSTCODE_INDEX.compile())]).toEqual([...fromPackage!]);
    expect(postcodes().size).toBe(fromPackage!.size);
    expect(postcodes().get('83400')).toEqual(fromPackage!.get('83400'));
    expect(postcodes().get('83400')).toContain('hyeres');
  });

  it('known names: folded, names of one letter left out, stop words refused at look-up', () => {
    const lines = KNOWN_NAMES_INDEX.compile().split('\n');
    expect(lines.length).toBeGreaterThan(190_000);
    expect(lines.filter((name) => name.length < 2)).toEqual([]);
    expect(lines.filter((name) => name !== name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase())).toEqual([]);
    expect(['Morel', 'LEFEBVRE', 'Nguyen', 'Müller'].map(isKnownName)).toEqual([true, true, true, true]);
    // "la" and "saint" are listed as names by the package, and are stop words here.
    expect(lines).toEqual(expect.arrayContaining(['la']));
    expect(['la', 'Saint', 'x'].map(isKnownName)).toEqual([false, false, false]);
  });

  // npm ci builds them (prepare); a checkout that was never built has none to compare.
  it.runIf(existsSync('dist/data'))('the built files are what the installed packages give', () => {
    for (const index of [POSTCODE_INDEX, KNOWN_NAMES_INDEX]) {
      const text = readFileSync(path.join('dist/data', index.file), 'utf8');
      expect(text.slice(text.indexOf('\n') + 1), `dist/data/${index.file} is stale: run npm run build`).toBe(index.compile());
    }
  });
});
