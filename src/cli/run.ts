import type { Readable } from 'node:stream';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { langFromEnv } from '../report/i18n.js';
import type { Lang } from '../report/i18n.js';
import { FORMATS } from '../report/reporters.js';
import type { Format } from '../report/reporters.js';
import { EX } from '../relay/sysexits.js';
import { InputError } from '../sources/input-error.js';
import { VERSION } from '../version.js';
import { EXIT, FAIL_ON } from './exit-codes.js';
import { addRelayCommands } from './relay-commands.js';
import type { ScanCommandOptions } from './scan-command.js';
import { rulesTestCommand } from './rules-command.js';
import { scanCommand } from './scan-command.js';

/** What the CLI reads from its process; tests pass their own. */
export interface CliIO {
  env: Record<string, string | undefined>;
  stdin?: Readable;
  stdoutIsTTY?: boolean;
  /** Where the report goes as it is written; without it, it is collected into CliResult.stdout. */
  writeStdout?: (chunk: string) => Promise<void>;
  /** Where the filter's log lines go as they happen; without it, they are collected into CliResult.stderr. */
  writeStderr?: (chunk: string) => void;
  /** Registers the function that stops a long-running command (`filter`): main.ts calls it on SIGTERM and SIGINT. */
  onStop?: (stop: () => void) => void;
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return n;
}

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
    .description('scan .eml, .mbox, attachment files or folders of them; - reads one message from stdin')
    .argument('<paths...>', 'files or folders to scan, or - for standard input')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('text'))
    .addOption(new Option('--lang <lang>', 'language of the report (default: from LANG)').choices(['fr', 'en']))
    .option('--show-data', 'print detected values whole instead of masked', false)
    .option('--min-people <n>', 'people in one message from which it is blocked', positiveInt, 10)
    .option('--mbox-lenient', 'split mboxes on every line starting with "From " (default: only "From addr date" after a blank line)', false)
    .option('--output <file>', 'write the report to FILE (whole or not at all) instead of standard output')
    .addOption(new Option('--fail-on <verdict>', 'the verdict from which the run fails: warn (exit 1 on warnings too), block, or never (exit 0 whatever is found)').choices(FAIL_ON).default('block'))
    .option('--baseline <file>', 'accept the findings recorded in FILE: shown as accepted, they no longer count')
    .option('--write-baseline <file>', "record this run's findings in FILE as accepted (needs --reason)")
    .option('--reason <text>', 'why the findings recorded by --write-baseline may leave')
    .action(async (paths: string[], opts: Omit<ScanCommandOptions, 'lang' | 'color'> & { lang?: Lang; format: Format }) => {
      const color = Boolean(io.stdoutIsTTY) && !io.env.NO_COLOR && opts.format === 'text' && !opts.output;
      const out = io.writeStdout ?? ((chunk: string) => void stdout.push(chunk));
      const scanOptions = { ...opts, lang: opts.lang ?? langFromEnv(io.env), color };
      const result = await scanCommand(paths, scanOptions, { stdin: io.stdin, out, warn: (line) => stderr.push(`pii-scan: ${line}\n`) });
      exitCode = result.exitCode;
    });
  addRelayCommands(program, io, (line) => (io.writeStderr ? io.writeStderr(line) : stderr.push(line)), (text) => stdout.push(text), (code) => (exitCode = code));
  program
    .command('rules')
    .description('work with the detection rules (to scan a folder named "rules", write ./rules)')
    .command('test')
    .description("run every detector's own match and no-match examples; exit 0 when all hold, 1 when one fails")
    .action(() => {
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
  if (err instanceof InputError) {
    stderr.push(`pii-scan: ${err.message}\n`);
    return EXIT.error;
  }
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  stderr.push(`pii-scan: internal error: ${message}${env.PII_SCAN_DEBUG ? `\n${(err as Error)?.stack ?? ''}` : ' (set PII_SCAN_DEBUG=1 for details)'}\n`);
  return EXIT.error;
}
