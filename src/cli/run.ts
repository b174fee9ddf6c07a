import type { Readable } from 'node:stream';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { langFromEnv } from '../report/lang.js';
import type { Lang } from '../report/lang.js';
import { FORMATS } from '../report/formats.js';
import { EX } from '../relay/sysexits.js';
import { InputError } from '../sources/input-error.js';
import { terminalAsk } from '../sources/imap/imap-credentials.js';
import { visibleText } from '../report/visible-text.js';
import { VERSION } from '../version.js';
import { wholeIn } from './arg-parsers.js';
import { EXIT, FAIL_ON } from '../model/exit-codes.js';
import type { FailOn } from '../model/exit-codes.js';
import { addRelayCommands } from './relay-commands.js';
import { defaultPoolSize } from '../pool/scan-pool.js';
import type { ScanCommandOptions } from './scan-command.js';

/** What the CLI reads from its process; tests pass their own. */
export interface CliIO {
  env: Record<string, string | undefined>;
  stdin?: Readable;
  stdoutIsTTY?: boolean;
  /** A terminal to draw a scan's progress line on (standard error, when it is one). */
  progressStream?: NodeJS.WriteStream;
  /** Where the report goes as it is written; without it, it is collected into CliResult.stdout. */
  writeStdout?: (chunk: string) => Promise<void>;
  /** Where the filter's log lines go as they happen; without it, they are collected into CliResult.stderr. */
  writeStderr?: (chunk: string) => void;
  /** Registers the function that stops a long-running command (`filter`): main.ts calls it on SIGTERM and SIGINT. */
  onStop?: (stop: () => void) => void;
  /** Registers the function that makes a relay service read its fingerprint file again: main.ts calls it on SIGHUP. */
  onReload?: (reload: () => void) => void;
  /**
   * The working folder: where the configuration is looked for (then upwards), where a relative
   * --config is found, where `init` writes. Default process.cwd(). Input paths stay as given.
   */
  cwd?: string;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The scan command's flags as commander gives them. */
type ScanFlags = Omit<ScanCommandOptions, 'lang' | 'color' | 'settings' | 'failOn' | 'jobs' | 'source'> & { jobs?: number; lang?: Lang; failOn?: FailOn; minPeople?: number; config?: string; fingerprints?: string; fingerprintKey?: string };

/**
 * The whole command line, in process: parses argv, runs the command, and returns its exit code
 * and output. Never throws: a usage error, an unreadable input or a bug is one line on stderr and
 * exit 3 (DESIGN.md §1).
 */
export async function run(argv: string[], io: CliIO): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('pii-scan')
    .description('Finds personal data in outbound mail and blocks customer files before they leave.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => stdout.push(s),
      writeErr: (s) => stderr.push(s),
      outputError: (s, write) => write(`pii-scan: ${s.replace(/^error: /, '').trimEnd()} (see pii-scan --help)\n`),
    });
  program
    .command('scan', { isDefault: true })
    .description('scan .eml, .mbox, attachment files or folders of them, or IMAP folders (imaps://user@host/Sent); - reads one message from stdin')
    .argument('<paths...>', 'files or folders to scan, - for standard input, or imaps://user@host/Folder[?since=YYYY-MM-DD&before=YYYY-MM-DD&larger-than=SIZE] (password from PII_SCAN_IMAP_PASSWORD or asked; OAuth2 token from PII_SCAN_IMAP_TOKEN)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .addOption(new Option('--lang <lang>', 'language of the report (default: from LANG)').choices(['fr', 'en']))
    .option('--show-data', 'print detected values whole instead of masked', false)
    .option('-q, --quiet', 'text report: only the messages that are not OK, then the summary', false)
    .option('--min-people <n>', 'people in one message from which it is blocked (default: thresholds.minPeople of the configuration, 10)', wholeIn(1, 10_000_000))
    .option('--mbox-lenient', 'split mboxes on every line starting with "From " (default: only "From addr date" after a blank line)', false)
    .option('--output <file>', 'write the report to FILE (whole or not at all) instead of standard output')
    .addOption(new Option('--fail-on <verdict>', 'the verdict from which the run fails: warn (exit 1 on warnings too), block, or never (exit 0 whatever is found) (default: failOn of the configuration, block)').choices(FAIL_ON))
    .option('--baseline <file>', 'accept the findings recorded in FILE: shown as accepted, they no longer count (default: baseline of the configuration)')
    .option('--write-baseline <file>', "record this run's findings in FILE as accepted (needs --reason)")
    .option('--reason <text>', 'why the findings recorded by --write-baseline may leave')
    .option('--config <file>', 'configuration file (default: .pii-scan.yml, .pii-scan.yaml or .pii-scan.json, from the working folder upwards)')
    .option('--fingerprints <file>', "the organisation's customer base, fingerprinted by pii-scan fingerprint: mail carrying its customers is blocked whatever its shape (default: fingerprints.file of the configuration)")
    .option('--fingerprint-key <file>', "the fingerprint file's key (default: its name + .key, or PII_SCAN_FINGERPRINT_KEY)")
    .option('--since-state <file>', 'scan only the files not scanned by an earlier run with the same FILE and settings (by path, size and date, else by content: a renamed Maildir message is known), and record this run\'s there (mode 0600)')
    .option('--ca <file>', 'IMAP: trust the certificate authority in FILE (PEM) besides the system ones, for a server with its own certificate')
    .option('--jobs <n>', `messages scanned at the same time, in worker threads; 1 scans in the main thread (default: the cores, at most 4: ${defaultPoolSize()}), 1 to 64`, wholeIn(1, 64))
    .action(async (paths: string[], opts: ScanFlags) => {
      // Every other format is read by a program, which needs every message.
      if (opts.quiet && opts.format !== 'text') throw new InputError(`-q leaves passing messages out of the text report only; --format ${opts.format} lists every message`);
      // Notes name files: their control characters are escaped as in the report.
      const warn = (line: string) => void stderr.push(`pii-scan: ${line.split("\n").map(visibleText).join("\n")}\n`);
      // Each command loads what it runs when it runs: `--version`, `--help` and `pipe` do not pay for the scanner's modules.
      const [{ settingsForRun }, { scanCommand }] = await Promise.all([import('../config/run-settings.js'), import('./scan-command.js')]);
      const flags = { minPeople: opts.minPeople, fingerprints: opts.fingerprints, fingerprintKey: opts.fingerprintKey };
      const { config, scan: settings, fingerprints } = await settingsForRun({ cwd: io.cwd ?? process.cwd(), configFile: opts.config, flags }, warn, io.env);
      const color = Boolean(io.stdoutIsTTY) && !io.env.NO_COLOR && opts.format === 'text' && !opts.output;
      const out = io.writeStdout ?? ((chunk: string) => void stdout.push(chunk));
      const { minPeople: _minPeople, config: _config, fingerprints: _fingerprints, fingerprintKey: _fingerprintKey, ...rest } = opts;
      const scanOptions: ScanCommandOptions = {
        ...rest,
        jobs: opts.jobs ?? defaultPoolSize(),
        source: { config, flags, ...(fingerprints ? { fingerprints } : {}) },
        lang: opts.lang ?? langFromEnv(io.env),
        color,
        settings,
        failOn: opts.failOn ?? config.failOn,
        baseline: opts.baseline ?? config.baseline ?? undefined,
      };
      // Progress only where someone watches and the report is elsewhere: on a terminal that shows the report itself, the report is the progress.
      const progressStream = io.progressStream && !io.env.CI && (!io.stdoutIsTTY || opts.output) ? io.progressStream : undefined;
      // A password is asked only of a person at this process's own terminal.
      const ask = io.stdin === process.stdin ? terminalAsk(process.stdin, process.stderr) : undefined;
      const result = await scanCommand(paths, scanOptions, { stdin: io.stdin, out, warn, progressStream, env: io.env, ...(ask ? { ask } : {}) });
      exitCode = result.exitCode;
    });
  addRelayCommands(program, io, (line) => (io.writeStderr ? io.writeStderr(line) : stderr.push(line)), (text) => stdout.push(text), (code) => (exitCode = code));
  program
    .command('init')
    .description('write .pii-scan.yml in the working folder: every setting at its default, with what it does (to scan a folder named "init", write ./init)')
    .option('--force', 'replace an existing .pii-scan.yml', false)
    .action(async (opts: { force: boolean }) => {
      const { initCommand } = await import('../config/init-command.js');
      stdout.push((await initCommand(io.cwd ?? process.cwd(), opts)).stdout);
    });
  program
    .command('fingerprint')
    .description("keyed hashes of the organisation's own customer base (CSV, XLSX, JSON), for exact matching: mail carrying its customers is blocked whatever its shape (to scan a folder named \"fingerprint\", write ./fingerprint)")
    .argument('[files...]', 'the customer base, as exported (CSV, TSV, XLSX, XLS, ODS, JSON, NDJSON)')
    .requiredOption('--output <file>', 'the fingerprint file to write (mode 0600)')
    .option('--key <file>', `the key file, read if it exists, else made (mode 0600) (default: the output's name + .key; ${'PII_SCAN_FINGERPRINT_KEY'} when set)`)
    .option('--column <header=entity>', 'what a column holds when its header does not say it (repeatable): customer-id, meter-id, email, phone, iban, nir, first-name, last-name, full-name, postal-code, postal-address, city, or ignore', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--update', 'add the rows of FILE... to the existing --output file, and take out those of --remove', false)
    .option('--remove <file>', 'with --update: customers to take out of the file (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--config <file>', 'configuration file whose headerWords name the columns too, as in a scan (default: .pii-scan.yml, .pii-scan.yaml or .pii-scan.json, from the working folder upwards)')
    .action(async (files: string[], opts: { output: string; key?: string; column: string[]; update: boolean; remove: string[]; config?: string }) => {
      const [{ fingerprintCommand }, { loadConfig }] = await Promise.all([import('./fingerprint-command.js'), import('../config/load-config.js')]);
      if (files.length === 0 && !(opts.update && opts.remove.length > 0)) throw new InputError('fingerprint: name the customer base to fingerprint (a CSV, XLSX or JSON file)');
      // The headers a scan reads are the headers the base is read by: the configuration's words included.
      const { config } = await loadConfig({ cwd: io.cwd ?? process.cwd(), ...(opts.config !== undefined ? { file: opts.config } : {}) });
      await fingerprintCommand(files, { ...opts, headerWords: config.headerWords }, {
        env: io.env,
        out: (line) => stdout.push(line),
        warn: (line) => stderr.push(`pii-scan: ${visibleText(line)}\n`),
      });
    });
  const quarantine = program.command('quarantine').description("review the relay's quarantine: the masked report of each kept message, never the message (to scan a folder named \"quarantine\", write ./quarantine)");
  const reviewOptions = (command: Command) =>
    command
      .option('--dir <folder>', 'the quarantine folder (default: relay.quarantineDir of the configuration)')
      .option('--config <file>', 'configuration file (default: .pii-scan.yml, .pii-scan.yaml or .pii-scan.json, from the working folder upwards)')
      .addOption(new Option('--lang <lang>', 'language (default: from LANG)').choices(['fr', 'en']));
  type ReviewFlags = { dir?: string; config?: string; lang?: Lang };
  const reviewSettings = (opts: ReviewFlags) => ({ ...opts, lang: opts.lang ?? langFromEnv(io.env), cwd: io.cwd ?? process.cwd() });
  reviewOptions(quarantine.command('list').description('one line per kept message, oldest first: id, date, verdict, people, masked sender, recipients, subject')).action(async (opts: ReviewFlags) => {
    const { quarantineList } = await import('./quarantine-command.js');
    stdout.push(await quarantineList(reviewSettings(opts)));
  });
  reviewOptions(quarantine.command('show').description("a kept message's masked report, its envelope and why it was kept; never the message").argument('<id>', 'the id quarantine list gives'))
    .option('--show-data', 'the values found, whole, read again from the message (only with --reason, kept in the register)', false)
    .option('--reason <text>', 'with --show-data: why the values must be seen')
    .action(async (id: string, opts: ReviewFlags & { showData: boolean; reason?: string }) => {
      const { quarantineShow } = await import('./quarantine-command.js');
      stdout.push(await quarantineShow(id, { ...reviewSettings(opts), showData: opts.showData, reason: opts.reason }));
    });
  reviewOptions(quarantine.command('release').description("send a kept message on through the next hop to its recipients, exactly once, and log it in the register").argument('<id>', 'the id quarantine list gives'))
    .option('--reason <text>', 'why it may go (kept in the register): required')
    .option('--next-hop <host:port>', 'where it goes (default: relay.nextHop of the configuration)')
    .action(async (id: string, opts: ReviewFlags & { reason?: string; nextHop?: string }) => {
      const [{ quarantineRelease }, { parseHostPort }] = await Promise.all([import('./quarantine-command.js'), import('../model/host-port.js')]);
      const hopOf = (value: string) => {
        try {
          return parseHostPort(value, false);
        } catch (err) {
          throw new InputError(`--next-hop: ${(err as Error).message}`);
        }
      };
      const nextHop = opts.nextHop !== undefined ? hopOf(opts.nextHop) : undefined;
      stdout.push(await quarantineRelease(id, { ...reviewSettings(opts), reason: opts.reason, ...(nextHop ? { nextHop } : {}) }));
    });
  reviewOptions(quarantine.command('delete').description('remove a kept message and its report, and log it in the register').argument('<id>', 'the id quarantine list gives'))
    .option('--reason <text>', 'why (kept in the register): required')
    .action(async (id: string, opts: ReviewFlags & { reason?: string }) => {
      const { quarantineDelete } = await import('./quarantine-command.js');
      stdout.push(await quarantineDelete(id, { ...reviewSettings(opts), reason: opts.reason }));
    });
  reviewOptions(quarantine.command('purge').description('remove every message kept longer than --older-than, each logged in the register'))
    .requiredOption('--older-than <age>', 'such as 30d (days) or 12h (hours)')
    .action(async (opts: ReviewFlags & { olderThan: string }) => {
      const { quarantinePurge } = await import('./quarantine-command.js');
      stdout.push(await quarantinePurge({ ...reviewSettings(opts), olderThan: opts.olderThan }));
    });
  reviewOptions(quarantine.command('register').description("the audit register for the data protection officer's file: date, who, action, message id and digest, kind of data, people, reason"))
    .option('--since <date>', 'rows from that day on (2026-11-01)')
    .addOption(new Option('--format <format>', 'csv (a spreadsheet) or html (one page to print)').choices(['csv', 'html']).default('csv'))
    .action(async (opts: ReviewFlags & { since?: string; format: 'csv' | 'html' }) => {
      const { quarantineRegister } = await import('./quarantine-command.js');
      stdout.push(await quarantineRegister({ ...reviewSettings(opts), ...(opts.since !== undefined ? { since: opts.since } : {}), format: opts.format }));
    });
  reviewOptions(quarantine.command('verify').description("check the quarantine's audit register: exit 0 when its hash chain is whole and every kept message is in it as kept, 1 naming what breaks it"))
    .option('--last-hash <hash>', 'the last row\'s hash an earlier verify printed: the register must still hold that row (rows cut from its end leave a shorter chain that is whole)')
    .action(async (opts: ReviewFlags & { lastHash?: string }) => {
      const { quarantineVerify } = await import('./quarantine-command.js');
      const result = await quarantineVerify({ ...reviewSettings(opts), ...(opts.lastHash !== undefined ? { lastHash: opts.lastHash } : {}) });
      stdout.push(result.stdout);
      exitCode = result.exitCode;
    });
  program
    .command('rules')
    .description('work with the detection rules (to scan a folder named "rules", write ./rules)')
    .command('test')
    .description("run every detector's own match and no-match examples; exit 0 when all hold, 1 when one fails")
    .action(async () => {
      const { rulesTestCommand } = await import('./rules-command.js');
      const result = rulesTestCommand();
      stdout.push(result.stdout);
      exitCode = result.exitCode;
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    exitCode = errorExit(err, stderr, io.env);
  }
  return { exitCode, stdout: stdout.join(''), stderr: stderr.join('') };
}

function errorExit(err: unknown, stderr: string[], env: Record<string, string | undefined>): number {
  // pipe's usage errors keep their 75 (EX_TEMPFAIL), see relay-commands.ts.
  if (err instanceof CommanderError) return err.exitCode === 0 || err.exitCode === EX.tempfail ? err.exitCode : EXIT.error;
  if (err instanceof InputError || err instanceof ConfigError || (err instanceof Error && err.name === 'FingerprintError')) {
    // Line by line: a configuration error lists its problems one a line; names in them are the input's.
    stderr.push(`pii-scan: ${err.message.split('\n').map(visibleText).join('\n')}\n`);
    return EXIT.error;
  }
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  stderr.push(`pii-scan: internal error: ${message}${env.PII_SCAN_DEBUG ? `\n${(err as Error)?.stack ?? ''}` : ' (set PII_SCAN_DEBUG=1 for details)'}\n`);
  return EXIT.error;
}
