import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { communesByCode, communesByCodeParsed } from '../../src/detect/detectors/postal-code.js';
import { packageFile } from '../../src/detect/rules.js';

describe('official postcode list', () => {
  const text = readFileSync(packageFile('@etalab/decoupage-administratif/data/communes.json'), 'utf8');

  it('reads the same codes and communes line by line as JSON.parse does', () => {
    const fast = communesByCode(text);
    const parsed = communesByCodeParsed(text);
    expect(fast).not.toBeNull();
    expect(fast!.size).toBe(parsed.size);
    expect([...fast!.entries()]).toEqual([...parsed.entries()]);
    expect(fast!.get('83400')).toEqual(expect.arrayContaining(['hyeres']));
  });

  it('says so (null) when the layout is not one commune per line', () => {
    expect(communesByCode(JSON.stringify(JSON.parse(text), null, 2))).toBeNull();
  });
});
