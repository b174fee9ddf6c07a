import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';

/** Every fixture mail and the verdict, rule and people count it must get. */
const EXPECTED: [file: string, verdict: string, rule: string | null, people: number][] = [
  ['outbox/secheresse-abonnes.eml', 'block', 'people', 15930],
  ['leaks/secheresse-csv-utf8.eml', 'block', 'people', 15930],
  ['leaks/secheresse-csv-cp1252.eml', 'block', 'people', 15930],
  ['outbox/reponse-signature.eml', 'pass', null, 0],
  ['outbox/grille-tarifaire.eml', 'pass', null, 0],
  ['outbox/annuaire-services.eml', 'pass', null, 0],
  ['outbox/catalogue-produits.eml', 'pass', null, 0],
  ['outbox/courrier-client.eml', 'pass', null, 1],
  ['bad/truncated-xlsx.eml', 'unscannable', 'unreadable', 0],
  ['bad/truncated.xlsx', 'unscannable', 'unreadable', 0],
  ['bad/not-mail.png', 'unscannable', 'unreadable', 0],
  ['bad/empty.eml', 'pass', null, 0],
];

describe('every fixture, end to end', () => {
  it.each(EXPECTED)('%s → %s (%s, %i people)', async (file, verdict, rule, people) => {
    const { stdout } = await run(['--format', 'json', `fixtures/${file}`], { env: {} });
    expect(JSON.parse(stdout).messages[0]).toMatchObject({ verdict, rule, people });
  });

  it('covers every fixture file there is', () => {
    const files = ['outbox', 'leaks', 'bad'].flatMap((dir) => readdirSync(join('fixtures', dir)).map((f) => `${dir}/${f}`));
    expect(files.filter((f) => !f.endsWith('.csv')).sort()).toEqual(EXPECTED.map(([f]) => f).sort());
  });
});

describe('the fixture generator', () => {
  it('makes exactly the committed files again from the seed', () => {
    const out = mkdtempSync(join(tmpdir(), 'pii-scan-fixtures-'));
    const gen = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'fixtures/generate.ts', '--out', out], { encoding: 'utf8' });
    expect(gen.stderr).toBe('');
    expect(gen.status).toBe(0);
    for (const dir of ['outbox', 'leaks', 'bad']) {
      for (const name of readdirSync(join('fixtures', dir))) {
        expect(readFileSync(join(out, dir, name)).equals(readFileSync(join('fixtures', dir, name))), `${dir}/${name}`).toBe(true);
      }
    }
  });
});
