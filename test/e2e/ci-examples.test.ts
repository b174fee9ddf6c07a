import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { errorLines, sarifValidator } from '../helpers/sarif-schema.js';

// The CI examples in docs/ run what they say: each one's script is run as the CI would run it,
// with `npx pii-scan` resolving to this checkout's bin/pii-scan.js, in a folder whose outbox/ is
// the sample outbox.

const REPO = resolve('.');

/** A workspace like the CI's: outbox/ and an `npx` that runs this checkout's pii-scan. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'pii-scan-ci-'));
  cpSync('fixtures/outbox', join(dir, 'outbox'), { recursive: true });
  mkdirSync(join(dir, 'bin'));
  const npx = join(dir, 'bin', 'npx');
  writeFileSync(npx, `#!/bin/sh\n[ "$1" = pii-scan ] || { echo "unexpected: npx $*" >&2; exit 99; }\nshift\nexec "${process.execPath}" "${REPO}/bin/pii-scan.js" "$@"\n`);
  chmodSync(npx, 0o755);
  return dir;
}

/** Runs a script as a CI runner does: bash, stop on the first error unless the script says otherwise. */
function bash(script: string, cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, encoding: 'utf8', env: { PATH: `${join(cwd, 'bin')}:${process.env.PATH}`, LANG: 'en_GB.UTF-8', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The value after an option in a command line. */
const optionOf = (command: string, option: string) => command.split(/\s+/)[command.split(/\s+/).indexOf(option) + 1];

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number>;
}

describe('docs/examples/github-actions.yml', () => {
  const workflow = parse(readFileSync('docs/examples/github-actions.yml', 'utf8'));
  const steps: Step[] = workflow.jobs['pii-scan'].steps;
  const scan = steps.find((s) => s.id === 'scan') as Step;
  const command = (scan.run ?? '').split('\n').find((l) => l.trim().startsWith('npx pii-scan'))?.trim() ?? '';

  it('sets up Node 20, installs, scans, uploads the SARIF file it wrote, then applies the exit code', () => {
    expect(steps.map((s) => s.uses?.replace(/@.*/, '') ?? s.run?.split('\n')[0])).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'npm ci',
      'set +e',
      'github/codeql-action/upload-sarif',
      'exit ${{ steps.scan.outputs.exit-code }}',
    ]);
    expect(steps[1].with?.['node-version']).toBe(20);
    expect(command).toBe('npx pii-scan --format sarif --output pii-scan.sarif outbox/');
    expect(steps[4].with?.sarif_file).toBe(optionOf(command, '--output'));
    expect(workflow.permissions['security-events']).toBe('write');
  });

  it("its scan step, run as is, writes a valid SARIF report and passes on pii-scan's exit code", () => {
    const dir = workspace();
    const output = join(dir, 'github-output');
    writeFileSync(output, '');
    const r = bash(scan.run ?? '', dir, { GITHUB_OUTPUT: output });
    // The job's log still says what the run found: the summary, the last line and the report's name.
    expect([r.status, r.stdout, r.stderr.replace(/\([\d.]+ s\)/, '(T s)')]).toEqual([0, '', 'pii-scan: 6 message(s): 1 blocked, 0 warned, 0 unreadable, 5 OK (T s) Do not send: 1 message. (report: pii-scan.sarif)\n']);
    expect(readFileSync(output, 'utf8')).toBe('exit-code=1\n');
    const log = JSON.parse(readFileSync(join(dir, 'pii-scan.sarif'), 'utf8'));
    const validate = sarifValidator();
    expect(errorLines(validate(log) ? [] : validate.errors)).toEqual([]);
    const blocking = log.runs[0].results.filter((x: { level: string }) => x.level === 'error');
    expect(blocking.map((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri])).toEqual([
      ['customer-file', 'outbox/secheresse-abonnes.eml'],
    ]);
    // The last step: the job fails with the scan's own code.
    const last = steps[steps.length - 1];
    expect(last.if).toBe("steps.scan.outputs.exit-code != '0'");
    expect(bash((last.run ?? '').replace('${{ steps.scan.outputs.exit-code }}', '1'), dir).status).toBe(1);
  });
});

describe('docs/examples/gitlab-ci.yml', () => {
  const job = parse(readFileSync('docs/examples/gitlab-ci.yml', 'utf8'))['pii-scan'];
  const script: string[] = job.script;
  const command = script.find((l) => l.startsWith('npx pii-scan')) ?? '';

  it('runs on node:20 and keeps the JUnit report it writes, also when the job fails', () => {
    expect(job.image).toBe('node:20');
    expect(script).toEqual(['npm ci', 'npx pii-scan --format junit --output pii-scan-junit.xml outbox/']);
    expect(job.artifacts).toEqual({ when: 'always', reports: { junit: optionOf(command, '--output') } });
  });

  it('its scan line, run as is, fails the job with exit 1 and writes one test case per message', () => {
    const dir = workspace();
    const r = bash(command, dir);
    expect([r.status, r.stdout, r.stderr.replace(/\([\d.]+ s\)/, '(T s)')]).toEqual([1, '', 'pii-scan: 6 message(s): 1 blocked, 0 warned, 0 unreadable, 5 OK (T s) Do not send: 1 message. (report: pii-scan-junit.xml)\n']);
    const xml = readFileSync(join(dir, 'pii-scan-junit.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="pii-scan" tests="6" failures="1" errors="0" skipped="0" time="[\d.]+">\n/);
    expect([...xml.matchAll(/<testcase classname="pii-scan" name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'outbox/annuaire-services.eml',
      'outbox/catalogue-produits.eml',
      'outbox/courrier-client.eml',
      'outbox/grille-tarifaire.eml',
      'outbox/reponse-signature.eml',
      'outbox/secheresse-abonnes.eml',
    ]);
    expect(xml).toContain('<failure type="block" message="BLOCKED: clients_secheresse.xlsx#Abonnés: 15,930 rows');
  });
});
