import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.js';
import { DEFAULT_CONFIG } from '../../src/config/default-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { MESSAGE_SIZE_BOUNDS, parseSize } from '../../src/model/size.js';
import { tempDirs } from '../helpers/temp-dir.js';

const dirs = tempDirs();
afterAll(() => dirs.remove());

/** Loads `text` as the .pii-scan.yml of a fresh folder. */
const load = (text: string, name = '.pii-scan.yml') => {
  const dir = dirs.make({ [name]: text });
  return loadConfig({ cwd: dir });
};

/** The problem lines of an invalid configuration (without the heading line). */
async function problems(text: string, name = '.pii-scan.yml'): Promise<string[]> {
  const err = await load(text, name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  const [heading, ...lines] = (err as ConfigError).message.split('\n');
  expect(heading).toBe(`invalid configuration ${name} (${lines.length} problem${lines.length === 1 ? '' : 's'}):`);
  return lines;
}

describe('loadConfig: values', () => {
  it('no file anywhere up to the root gives the built-in defaults', async () => {
    // tmpdir and / hold no .pii-scan.yml on a test machine: the walk ends at the root.
    expect(await loadConfig({ cwd: dirs.make() })).toEqual({ config: DEFAULT_CONFIG, file: null, shownName: null });
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments', '# nothing set yet\n'],
    ['empty sections', 'thresholds:\ndetectors:\nallowlist:\n  values:\n'],
    ['{} in JSON', '{}'],
  ])('%s gives the defaults', async (_name, text) => {
    expect((await load(text, text === '{}' ? '.pii-scan.json' : '.pii-scan.yml')).config).toEqual(DEFAULT_CONFIG);
  });

  it('sizes take units: bytes, kB/MB/GB (and French ko/Mo/Go) by 1000, KiB/MiB/GiB by 1024', async () => {
    const { config } = await load('limits:\n  maxMessageBytes: 10 MB\n  maxPartBytes: 1.5 MiB\n  maxInflatedBytes: 512 Mo\nrelay:\n  maxMessageBytes: 2048\n');
    expect([config.limits.maxMessageBytes, config.limits.maxPartBytes, config.limits.maxInflatedBytes, config.relay.maxMessageBytes]).toEqual([10_000_000, 1_572_864, 512_000_000, 2048]);
  });

  it('sizes read the same as on the command line: K, M, G by 1024 (64M is 64 MiB, as --max-size 64M)', async () => {
    const { config } = await load('limits:\n  maxMessageBytes: 64M\n  maxPartBytes: 512k\nrelay:\n  maxMessageBytes: 1G\n');
    expect([config.limits.maxMessageBytes, config.limits.maxPartBytes, config.relay.maxMessageBytes]).toEqual([64 * 1024 ** 2, 512 * 1024, 1024 ** 3]);
    expect(['64M', '64MiB', '64 MB', '64 mo'].map((text) => parseSize(text, MESSAGE_SIZE_BOUNDS))).toEqual([67_108_864, 67_108_864, 64_000_000, 64_000_000]);
  });

  it('paths are relative to the file, not to the working folder', async () => {
    const dir = dirs.make({ 'conf/.pii-scan.yml': 'baseline: accepted.json\nrelay:\n  onBlock: quarantine\n  quarantineDir: ../quarantine\n' });
    const { config, file, shownName } = await loadConfig({ cwd: dir, file: 'conf/.pii-scan.yml' });
    expect([file, shownName]).toEqual([path.join(dir, 'conf/.pii-scan.yml'), 'conf/.pii-scan.yml']);
    expect([config.baseline, config.relay.quarantineDir]).toEqual([path.join(dir, 'conf/accepted.json'), path.join(dir, 'quarantine')]);
  });

  it.each([
    ['minPeople: 2', { minPeople: 2, warnPeople: 2, blockIdentifiers: 3, massMailingRecipients: 2, knownCustomers: 5 }],
    ['minPeople: 20', { minPeople: 20, warnPeople: 3, blockIdentifiers: 3, massMailingRecipients: 2, knownCustomers: 5 }],
    ['minPeople: 20\n  warnPeople: 20', { minPeople: 20, warnPeople: 20, blockIdentifiers: 3, massMailingRecipients: 2, knownCustomers: 5 }],
  ])('thresholds %j resolve to %j (warnPeople left out follows minPeople down)', async (text, thresholds) => {
    expect((await load(`thresholds:\n  ${text}\n`)).config.thresholds).toEqual(thresholds);
  });

  it('the sections other commands read come out typed and complete', async () => {
    const { config } = await load('failOn: warn\nrelay:\n  onBlock: tag\n  onError: reject\n  timeoutSeconds: 30\n  listen: "[::1]:2525"\n');
    expect(config.failOn).toBe('warn');
    expect(config.relay).toEqual({ ...DEFAULT_CONFIG.relay, onBlock: 'tag', onError: 'reject', timeoutSeconds: 30, listen: '[::1]:2525' });
  });

  it('lists and mappings are kept as written', async () => {
    const { config } = await load(
      'headerWords:\n  customer-id: [PDS, Code tiers]\nroleAddresses: [abonnes]\nallowlist:\n  values: ["732 829 320 00074"]\n  emails: ["@ville.fr"]\n  text: ["Mairie de Ville-Exemple"]\ndetectors:\n  phone: false\nissues:\n  no-text: warn\n',
    );
    expect(config.headerWords).toEqual({ 'customer-id': ['PDS', 'Code tiers'] });
    expect(config.roleAddresses).toEqual(['abonnes']);
    expect(config.allowlist).toEqual({ values: ['732 829 320 00074'], emails: ['@ville.fr'], text: ['Mairie de Ville-Exemple'] });
    expect(config.detectors).toEqual({ ...DEFAULT_CONFIG.detectors, phone: false });
    expect(config.issues).toEqual({ ...DEFAULT_CONFIG.issues, 'no-text': 'warn' });
  });
});

describe('loadConfig: one problem per mistake, named by its key', () => {
  it.each([
    ['thresholds:\n  minPeople: 0', 'thresholds.minPeople: expected a whole number of 1 or more, got 0'],
    ['thresholds:\n  minPeople: "10"', 'thresholds.minPeople: expected a whole number of 1 or more, got "10"'],
    ['thresholds:\n  blockIdentifiers: 2.5', 'thresholds.blockIdentifiers: expected a whole number of 1 or more, got 2.5'],
    ['thresholds:\n  minPeople: 5\n  warnPeople: 8', 'thresholds.warnPeople: must not be above minPeople (5): a message is blocked before it could warn'],
    ['thresholds:\n  minPeopel: 5', 'thresholds.minPeopel: unknown key (did you mean "minPeople"?)'],
    ['thresholds:\n  min_people: 5', 'thresholds.min_people: unknown key (did you mean "minPeople"?)'],
    ['thresholds: 10', 'thresholds: expected a mapping of settings, got 10'],
    ['treshold:\n  minPeople: 5', 'treshold: unknown key (did you mean "thresholds"?)'],
    ['detectors:\n  phone: off', 'detectors.phone: expected true or false, got "off"'],
    ['detectors:\n  phones: false', 'detectors.phones: unknown detector (did you mean "phone"?)'],
    ['detectors:\n  ssn: false', 'detectors.ssn: unknown detector (known: email, phone, postal-code-fr, street-address-fr, person-name, first-name, last-name, customer-id, birth-date, city, nir, iban, payment-card, rib, siret, siren, vat-fr, meter-id)'],
    ['headerWords:\n  customer-ids: [PDS]', 'headerWords.customer-ids: unknown entity (did you mean "customer-id"?)'],
    ['headerWords:\n  email: Courriel', 'headerWords.email: expected a list, got "Courriel"'],
    ['headerWords:\n  email: ["--"]', 'headerWords.email[0]: a header word needs letters or digits'],
    ['roleAddresses: ["agence[0-9"]', 'roleAddresses[0]: invalid regular expression: Unterminated character class'],
    ['roleAddresses: ["(abonnes"]', 'roleAddresses[0]: invalid regular expression: Unterminated group'],
    ['allowlist:\n  values: [0494123456]', 'allowlist.values[0]: expected text, got a number: put it in quotes (YAML reads 0494000000 as the number 494000000)'],
    ['allowlist:\n  values: ["12"]', 'allowlist.values[0]: too short: an allowlisted value needs 5 letters or digits at least'],
    ['allowlist:\n  emails: ["ville"]', 'allowlist.emails[0]: expected an address (dpo@ville.fr) or a domain (@ville.fr), got "ville"'],
    ['allowlist:\n  text: ["Mairie"]', 'allowlist.text[0]: too short: each allowlisted line needs 10 letters or digits at least'],
    ['allowlist:\n  value: []', 'allowlist.value: unknown key (did you mean "values"?)'],
    ['limits:\n  maxPartBytes: 64 Mb/s', 'limits.maxPartBytes: expected a size such as 64M, 64 MiB or 64 MB, got "64 Mb/s"'],
    ['limits:\n  maxPartBytes: 0', 'limits.maxPartBytes: expected a size from 1 to 2 GiB, got 0'],
    ['limits:\n  maxCompressionRatio: 0.5', 'limits.maxCompressionRatio: expected a number from 1 to 1000000, got 0.5'],
    ['limits:\n  maxDepth: -1', 'limits.maxDepth: expected a whole number from 1 to 100, got -1'],
    ['issues:\n  unsupported: pass', 'issues.unsupported: an issue can never pass: unread content is not clean (use warn to let the message go with the issue reported)'],
    ['issues:\n  encrypted: blok', 'issues.encrypted: expected block, unscannable or warn, got "blok" (did you mean "block"?)'],
    ['issues:\n  password: block', 'issues.password: unknown issue code (known: encrypted, corrupt, truncated, too-large, too-deep, timeout, unsupported, no-text, partial)'],
    ['failOn: error', 'failOn: expected warn, block or never, got "error"'],
    ['baseline: 42', 'baseline: expected a path, or null for none, got 42'],
    ['relay:\n  onBlock: quarantine', 'relay.quarantineDir: required when onBlock is quarantine'],
    ['relay:\n  onError: retry', 'relay.onError: expected defer, reject or pass, got "retry"'],
    ['relay:\n  listen: localhost', 'relay.listen: expected host:port such as 127.0.0.1:10025, got "localhost"'],
    ['relay:\n  nextHop: "127.0.0.1:70000"', 'relay.nextHop: expected host:port such as 127.0.0.1:10025, got "127.0.0.1:70000"'],
    ['relay:\n  timeoutSeconds: 2147484', 'relay.timeoutSeconds: expected a whole number from 1 to 3600, got 2147484'],
    ['relay:\n  maxMessageBytes: 2 GiB', 'relay.maxMessageBytes: expected a size from 1 KiB to 1 GiB, got "2 GiB"'],
    ['limits:\n  messageTimeoutMs: 2147483648', 'limits.messageTimeoutMs: expected a whole number from 1 to 3600000, got 2147483648'],
    ['relay:\n  milterListen: "10030@127.0.0.1"', 'relay.milterListen: expected inet:PORT@HOST, inet:HOST:PORT or unix:/PATH, got "10030@127.0.0.1"'],
    ['relay:\n  timeoutSeconds: 0', 'relay.timeoutSeconds: expected a whole number from 1 to 3600, got 0'],
    ['- thresholds', '(top level): expected a mapping of settings, got a list'],
  ])('%j → %s', async (text, line) => {
    expect(await problems(`${text}\n`)).toEqual([`  ${line}`]);
  });

  it('a value invalid on its own is not reported again by the rule that compares it', async () => {
    expect(await problems('thresholds:\n  minPeople: 0\n  warnPeople: 5\n')).toEqual(['  thresholds.minPeople: expected a whole number of 1 or more, got 0']);
  });

  it('every mistake of a file at once, in the order of the schema', async () => {
    const text = 'failOn: sometimes\nthresholds:\n  minPeople: ten\ndetectors:\n  phon: false\nissues:\n  unsupported: pass\nallowlist:\n  values: [12, "FR76"]\n';
    expect(await problems(text)).toEqual([
      '  thresholds.minPeople: expected a whole number of 1 or more, got "ten"',
      '  detectors.phon: unknown detector (did you mean "phone"?)',
      '  allowlist.values[0]: expected text, got a number: put it in quotes (YAML reads 0494000000 as the number 494000000)',
      '  allowlist.values[1]: too short: an allowlisted value needs 5 letters or digits at least',
      '  issues.unsupported: an issue can never pass: unread content is not clean (use warn to let the message go with the issue reported)',
      '  failOn: expected warn, block or never, got "sometimes"',
    ]);
  });
});

describe('loadConfig: syntax errors at file:line:col', () => {
  it.each([
    ['.pii-scan.yml', 'thresholds:\n  minPeople: 5\n warnPeople: 2\n', '.pii-scan.yml:3:1: All mapping items must start at the same column'],
    ['.pii-scan.yml', 'failOn: block\nfailOn: warn\n', '.pii-scan.yml:2:1: Map keys must be unique'],
    ['.pii-scan.yml', 'detectors:\n\tphone: false\n', '.pii-scan.yml:2:1: Tabs are not allowed as indentation'],
    ['.pii-scan.json', '{\n  "thresholds": { "minPeople": 5, }\n}\n', '.pii-scan.json:2:35: invalid JSON: Expected double-quoted property name'],
    ['.pii-scan.json', '{\n  "failOn": "warn"\n', '.pii-scan.json:3:1: invalid JSON: Expected \',\' or \'}\' after property value'],
  ])('%s %j', async (name, text, line) => {
    expect(await problems(text, name)).toEqual([`  ${line}`]);
  });
});

describe('the README', () => {
  it("configuration example loads, and means what the README says", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const { config } = await load(example ?? '');
    expect(config.thresholds).toEqual({ minPeople: 5, warnPeople: 3, blockIdentifiers: 3, massMailingRecipients: 2, knownCustomers: 5 });
    expect(config.allowlist.values).toHaveLength(3);
    expect(config.issues['no-text']).toBe('warn');
  });
});

describe('loadConfig: skipTypes', () => {
  it.each([
    ['left out: all four media', '', ['image', 'audio', 'video', 'font']],
    ['narrowed', 'skipTypes: [image, font]\n', ['image', 'font']],
    ['empty: nothing is skipped', 'skipTypes: []\n', []],
    ['duplicates dropped', 'skipTypes: [image, image]\n', ['image']],
  ])('%s', async (_name, text, skipTypes) => {
    expect((await load(text)).config.skipTypes).toEqual(skipTypes);
  });

  it.each([
    ['skipTypes: [image, binary]\n', '  skipTypes[1]: only image, audio, video or font can be skipped: a binary part that is not read is an issue, never skipped'],
    ['skipTypes: [imgae]\n', '  skipTypes[0]: expected image, audio, video or font, got "imgae"'],
    ['skipTypes: image\n', '  skipTypes: expected a list, got "image"'],
  ])('refuses anything outside the closed list: %j', async (text, line) => {
    expect(await problems(text)).toEqual([line]);
  });
});
