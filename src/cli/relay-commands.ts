import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LIMITS } from '../model/limits.js';
import { DEFAULT_POLICY } from '../policy/policy.js';
import { langFromEnv } from '../report/i18n.js';
import type { Lang } from '../report/i18n.js';
import { filterCommand } from '../relay/filter-command.js';
import { parseHostPort } from '../relay/host-port.js';
import type { HostPort } from '../relay/host-port.js';
import { pipeCommand } from '../relay/pipe-command.js';
import { ON_BLOCK, ON_ERROR } from '../relay/relay-action.js';
import type { OnBlock, OnError } from '../relay/relay-action.js';
import { EX } from '../relay/sysexits.js';
import { defaultPoolSize } from '../relay/scan-pool.js';
import type { ScanOptions } from '../scan-message.js';
import type { CliIO } from './run.js';

/** 64 MiB: above Postfix's 10 MB default message_size_limit and the usual 25-50 MB of relays; the filter holds up to this per connection. */
const DEFAULT_MAX_SIZE = 64 * 1024 * 1024;
/** 120 s per message: a 100k-row workbook scans in ~5 s; Postfix waits 600 s for the reply to DATA (smtp_data_done_timeout). */
const DEFAULT_TIMEOUT_S = 120;
/** Postfix's content filter transport runs at most 10-20 deliveries in parallel; room for a few more. */
const DEFAULT_MAX_CONNECTIONS = 100;

const asInt = (min: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number of ${min} or more`);
  return n;
};
const asHostPort = (allowZero: boolean) => (value: string) => {
  try {
    return parseHostPort(value, allowZero);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
};
/** Bytes, with an optional K, M or G suffix (powers of 1024): `50M`. */
function asSize(value: string): number {
  const match = /^(\d+)([KMG]?)$/i.exec(value.trim());
  const n = match ? Number(match[1]) * 1024 ** ' KMG'.indexOf((match[2] || ' ').toUpperCase()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a size in bytes, e.g. 52428800 or 50M');
  return n;
}

interface CommonOptions {
  maxSize: number;
  timeout: number;
  minPeople: number;
  lang?: Lang;
}

/** Options both relay modes take: they scan with the same policy as the CLI. */
function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--max-size <bytes>', 'largest message scanned, counted while it arrives (K, M, G suffixes)').argParser(asSize).default(DEFAULT_MAX_SIZE, '64M'))
    .option('--timeout <seconds>', 'time one message may be scanned', asInt(1), DEFAULT_TIMEOUT_S)
    .option('--min-people <n>', 'people in one message from which it is blocked', asInt(1), 10)
    .addOption(new Option('--lang <lang>', 'language of refusal texts (default: from LANG)').choices(['fr', 'en']));
}

function scanOptions(opts: CommonOptions): ScanOptions {
  return { limits: DEFAULT_LIMITS, policy: { ...DEFAULT_POLICY, minPeople: opts.minPeople, warnPeople: Math.min(DEFAULT_POLICY.warnPeople, opts.minPeople) } };
}

interface FilterCliOptions extends CommonOptions {
  listen: HostPort;
  nextHop: HostPort;
  onBlock: OnBlock;
  onError: OnError;
  quarantineDir?: string;
  workers: number;
  maxConnections: number;
}

/**
 * Adds `filter` and `pipe` to the program. `setExit` receives each command's exit code. A usage
 * error of `pipe` exits 75 rather than 3: pipe(8) bounces mail on any exit it does not know, and a
 * mistyped master.cf line must defer mail until it is fixed, not return it to its senders.
 */
export function addRelayCommands(program: Command, io: CliIO, log: (line: string) => void, out: (text: string) => void, setExit: (code: number) => void): void {
  const filter = program
    .command('filter')
    .description('SMTP content filter in front of a relay (Postfix content_filter, after-queue)')
    .addOption(new Option('--listen <host:port>', 'address to listen on (port 0: any free port)').argParser(asHostPort(true)).default(parseHostPort('127.0.0.1:10025'), '127.0.0.1:10025'))
    .addOption(new Option('--next-hop <host:port>', 'where passing mail is relayed: the MTA re-injection listener').argParser(asHostPort(false)).default(parseHostPort('127.0.0.1:10026'), '127.0.0.1:10026'))
    .addOption(new Option('--on-block <action>', 'blocked or unscannable mail').choices(ON_BLOCK).default('reject'))
    .addOption(new Option('--on-error <action>', 'mail that could not be scanned (timeout, over --max-size, failure)').choices(ON_ERROR).default('defer'))
    .option('--quarantine-dir <dir>', 'folder for --on-block quarantine (created 0700)')
    .option('--workers <n>', 'scans at the same time (worker threads)', asInt(1), defaultPoolSize())
    .option('--max-connections <n>', 'SMTP connections at the same time', asInt(1), DEFAULT_MAX_CONNECTIONS);
  addCommonOptions(filter).action(async (opts: FilterCliOptions) => {
    if ((opts.onBlock === 'quarantine') !== (opts.quarantineDir !== undefined)) filter.error(opts.quarantineDir ? '--quarantine-dir is only used with --on-block quarantine' : '--on-block quarantine needs --quarantine-dir DIR');
    const { listen, nextHop, onBlock, onError, quarantineDir, workers, maxConnections, maxSize } = opts;
    const options = { listen, nextHop, onBlock, onError, quarantineDir, workers, maxConnections, maxSize, timeoutMs: opts.timeout * 1000, lang: opts.lang ?? langFromEnv(io.env), scan: scanOptions(opts) };
    setExit(await filterCommand(options, { log, onStop: io.onStop ?? (() => {}) }));
  });

  const pipe = program
    .command('pipe')
    .description('Postfix pipe(8) mode: one message on stdin, re-injected through CMD when it passes')
    .argument('<command...>', 'the re-injection command, after --: -- /usr/sbin/sendmail -G -i -f ${sender} -- ${recipient}')
    .exitOverride((err) => {
      throw err.exitCode === 0 ? err : new CommanderError(EX.tempfail, err.code, err.message);
    });
  addCommonOptions(pipe).action(async (command: string[], opts: CommonOptions) => {
    const pipeOptions = { maxSize: opts.maxSize, timeoutMs: opts.timeout * 1000, lang: opts.lang ?? langFromEnv(io.env), scan: scanOptions(opts) };
    // Whatever goes wrong defers the mail (75), with the status line pipe(8) reads first.
    const result = await pipeCommand(command, io.stdin, pipeOptions).catch((err: unknown) => ({ exit: EX.tempfail, text: `4.3.0 pii-scan: internal error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }));
    if (result.text) out(`${result.text}\n`);
    setExit(result.exit);
  });
}
