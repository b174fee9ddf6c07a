import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { langFromEnv } from '../report/lang.js';
import type { Lang } from '../report/lang.js';
import { parseHostPort } from '../model/host-port.js';
import type { HostPort } from '../model/host-port.js';
import { ON_BLOCK, ON_ERROR } from '../model/relay-choices.js';
import type { OnBlock, OnError } from '../model/relay-choices.js';
import { EX } from '../relay/sysexits.js';
import { defaultPoolSize } from '../pool/scan-pool.js';
import { parseMilterListen } from '../model/milter-listen.js';
import type { MilterListen } from '../model/milter-listen.js';
import { MESSAGE_SIZE_BOUNDS } from '../model/size.js';
import { parseSocketOwner } from '../relay/milter/socket-owner.js';
import { readBy, sizeIn, wholeIn } from './arg-parsers.js';
import type { CliIO } from './run.js';

/** Postfix's content filter transport runs at most 10-20 deliveries in parallel; room for a few more. */
const DEFAULT_MAX_CONNECTIONS = 100;

const asHostPort = (allowZero: boolean) => readBy((value) => parseHostPort(value, allowZero));
const asMilterListen = readBy(parseMilterListen);
/** A Unix socket's mode in octal, as chmod(1) takes it: 660, 0660. */
function asSocketMode(value: string): number {
  if (!/^0?[0-7]{3}$/.test(value.trim())) throw new InvalidArgumentError('expected an octal mode such as 660');
  return parseInt(value.trim(), 8);
}
/** Bounds of what an admin types: past them, one line and exit 3. */
const BOUNDS = { timeoutSeconds: [1, 3600], workers: [1, 64], connections: [1, 10_000], workerHeapMb: [32, 65_536], people: [1, 10_000_000] } as const;

interface CommonOptions {
  workerHeap?: number;
  maxSize?: number;
  timeout?: number;
  minPeople?: number;
  lang?: Lang;
  config?: string;
  fingerprints?: string;
  fingerprintKey?: string;
}

/**
 * Options both relay modes take: they scan with the same policy and configuration as the CLI.
 * Left out, each comes from the configuration's `relay` section (whose defaults are shown).
 */
function addCommonOptions(command: Command): Command {
  return command
    .addOption(new Option('--max-size <size>', 'largest message scanned, counted while it arrives: 64M or 64MiB (1024s), 64MB (1000s), 1K to 1G').argParser(sizeIn(MESSAGE_SIZE_BOUNDS)).default(undefined, 'relay.maxMessageBytes of the configuration, 64 MiB'))
    .addOption(new Option('--timeout <seconds>', 'time one message may be scanned, 1 to 3600').argParser(wholeIn(...BOUNDS.timeoutSeconds)).default(undefined, 'relay.timeoutSeconds, 120'))
    .addOption(new Option('--worker-heap <MiB>', 'heap of each scan worker, 32 to 65536: past it, the message being scanned gets --on-error and the worker is replaced').argParser(wholeIn(...BOUNDS.workerHeapMb)).default(undefined, '2048'))
    .addOption(new Option('--min-people <n>', 'people in one message from which it is blocked').argParser(wholeIn(...BOUNDS.people)).default(undefined, 'thresholds.minPeople, 10'))
    .addOption(new Option('--lang <lang>', 'language of refusal texts (default: from LANG)').choices(['fr', 'en']))
    .option('--fingerprints <file>', "the organisation's customer base, fingerprinted by pii-scan fingerprint (default: fingerprints.file of the configuration)")
    .option('--fingerprint-key <file>', "the fingerprint file's key (default: its name + .key, or PII_SCAN_FINGERPRINT_KEY)")
    .option('--config <file>', 'configuration file (default: .pii-scan.yml, .pii-scan.yaml or .pii-scan.json, from the working folder upwards)');
}

/** How a relay service hears its signals (main.ts) and logs. */
const serviceIO = (io: CliIO, log: (line: string) => void) => ({ log, onStop: io.onStop ?? (() => {}), ...(io.onReload ? { onReload: io.onReload } : {}) });

/** The configuration of a relay command and what its flags leave to it. */
async function relaySettings(opts: CommonOptions, io: CliIO, log: (line: string) => void) {
  const { settingsForRun } = await import('../config/run-settings.js');
  const flags = { minPeople: opts.minPeople, fingerprints: opts.fingerprints, fingerprintKey: opts.fingerprintKey };
  const { config, fingerprints, reloadFingerprints } = await settingsForRun({ cwd: io.cwd ?? process.cwd(), configFile: opts.config, flags }, (line) => log(`pii-scan: ${line}\n`), io.env);
  return { config, scan: { config, flags, ...(fingerprints ? { fingerprints } : {}) }, ...(reloadFingerprints ? { reloadFingerprints } : {}), workerHeapMb: opts.workerHeap, maxSize: opts.maxSize ?? config.relay.maxMessageBytes, timeoutMs: (opts.timeout ?? config.relay.timeoutSeconds) * 1000, lang: opts.lang ?? langFromEnv(io.env) };
}

interface FilterCliOptions extends CommonOptions {
  listen?: HostPort;
  nextHop?: HostPort;
  onBlock?: OnBlock;
  onError?: OnError;
  quarantineDir?: string;
  workers: number;
  maxConnections: number;
}

interface MilterCliOptions extends CommonOptions {
  listen?: MilterListen;
  socketMode: number;
  socketOwner?: { uid: number; gid: number };
  onBlock?: OnBlock;
  onError?: OnError;
  quarantineDir?: string;
  workers: number;
}

/** Where a blocked message goes: the flag, else the configuration; a quarantine needs its folder, and the folder its quarantine. */
function quarantineChoice(command: Command, opts: { onBlock?: OnBlock; quarantineDir?: string }, config: { relay: { onBlock: OnBlock; quarantineDir: string | null } }) {
  const onBlock = opts.onBlock ?? config.relay.onBlock;
  const quarantineDir = opts.quarantineDir ?? (onBlock === 'quarantine' ? (config.relay.quarantineDir ?? undefined) : undefined);
  if ((onBlock === 'quarantine') !== (quarantineDir !== undefined)) command.error(quarantineDir ? '--quarantine-dir is only used with --on-block quarantine' : '--on-block quarantine needs --quarantine-dir DIR');
  return { onBlock, quarantineDir };
}

/**
 * Adds `filter`, `milter` and `pipe` to the program. `setExit` receives each command's exit code. A usage
 * error of `pipe` exits 75 rather than 3: pipe(8) bounces mail on any exit it does not know, and a
 * mistyped master.cf line must defer mail until it is fixed, not return it to its senders.
 */
export function addRelayCommands(program: Command, io: CliIO, log: (line: string) => void, out: (text: string) => void, setExit: (code: number) => void): void {
  const filter = program
    .command('filter')
    .description('SMTP content filter in front of a relay (Postfix content_filter, after-queue)')
    .addOption(new Option('--listen <host:port>', 'address to listen on (port 0: any free port)').argParser(asHostPort(true)).default(undefined, 'relay.listen of the configuration, 127.0.0.1:10025'))
    .addOption(new Option('--next-hop <host:port>', 'where passing mail is relayed: the MTA re-injection listener').argParser(asHostPort(false)).default(undefined, 'relay.nextHop, 127.0.0.1:10026'))
    .addOption(new Option('--on-block <action>', 'blocked or unscannable mail').choices(ON_BLOCK).default(undefined, 'relay.onBlock, reject'))
    .addOption(new Option('--on-error <action>', 'mail that could not be scanned (timeout, over --max-size, failure)').choices(ON_ERROR).default(undefined, 'relay.onError, defer'))
    .option('--quarantine-dir <dir>', 'folder for --on-block quarantine (created 0700) (default: relay.quarantineDir)')
    .option('--workers <n>', 'scans at the same time (worker threads), 1 to 64', wholeIn(...BOUNDS.workers), defaultPoolSize())
    .option('--max-connections <n>', 'SMTP connections at the same time, 1 to 10000', wholeIn(...BOUNDS.connections), DEFAULT_MAX_CONNECTIONS);
  addCommonOptions(filter).action(async (opts: FilterCliOptions) => {
    const { config, scan, reloadFingerprints, workerHeapMb, maxSize, timeoutMs, lang } = await relaySettings(opts, io, log);
    const { onBlock, quarantineDir } = quarantineChoice(filter, opts, config);
    const listen = opts.listen ?? parseHostPort(config.relay.listen, true);
    const nextHop = opts.nextHop ?? parseHostPort(config.relay.nextHop, false);
    const { workers, maxConnections } = opts;
    const options = { listen, nextHop, onBlock, onError: opts.onError ?? config.relay.onError, quarantineDir, workers, maxConnections, workerHeapMb, maxSize, timeoutMs, lang, scan, ...(reloadFingerprints ? { reloadFingerprints } : {}) };
    // Loaded when used: a scan does not pay for the SMTP server and client (about 0.2 s of start-up).
    const { filterCommand } = await import('../relay/filter-command.js');
    setExit(await filterCommand(options, serviceIO(io, log)));
  });

  const milter = program
    .command('milter')
    .description('Sendmail/Postfix milter (smtpd_milters, before-queue): a blocked message is refused while its sender is connected')
    .addOption(new Option('--listen <socket>', 'inet:PORT@HOST, inet:HOST:PORT or unix:/PATH (port 0: any free port)').argParser(asMilterListen).default(undefined, 'relay.milterListen of the configuration, inet:10030@127.0.0.1'))
    .addOption(new Option('--socket-mode <octal>', 'mode of a Unix socket').argParser(asSocketMode).default(0o660, '660'))
    .addOption(new Option('--socket-owner <user[:group]>', 'owner of a Unix socket (names or numbers; changing the user needs root)').argParser(readBy((value) => parseSocketOwner(value))))
    .addOption(new Option('--on-block <action>', 'blocked or unscannable mail: reject (550 at end of data), quarantine (the MTA holds it, a copy in --quarantine-dir) or tag').choices(ON_BLOCK).default(undefined, 'relay.onBlock, reject'))
    .addOption(new Option('--on-error <action>', 'mail that could not be scanned (timeout, over --max-size, failure)').choices(ON_ERROR).default(undefined, 'relay.onError, defer'))
    .option('--quarantine-dir <dir>', 'folder for --on-block quarantine (created 0700) (default: relay.quarantineDir)')
    .option('--workers <n>', 'scans at the same time (worker threads), 1 to 64', wholeIn(...BOUNDS.workers), defaultPoolSize());
  addCommonOptions(milter).action(async (opts: MilterCliOptions) => {
    const { config, scan, reloadFingerprints, workerHeapMb, maxSize, timeoutMs, lang } = await relaySettings(opts, io, log);
    const { onBlock, quarantineDir } = quarantineChoice(milter, opts, config);
    const listen = opts.listen ?? parseMilterListen(config.relay.milterListen);
    const options = { listen, socketMode: opts.socketMode, socketOwner: opts.socketOwner, onBlock, onError: opts.onError ?? config.relay.onError, quarantineDir, workers: opts.workers, workerHeapMb, maxSize, timeoutMs, lang, scan, ...(reloadFingerprints ? { reloadFingerprints } : {}) };
    const { milterCommand } = await import('../relay/milter/milter-command.js');
    setExit(await milterCommand(options, serviceIO(io, log)));
  });

  const pipe = program
    .command('pipe')
    .description('Postfix pipe(8) mode: one message on stdin, re-injected through CMD when it passes')
    .argument('<command...>', 'the re-injection command, after --: -- /usr/sbin/sendmail -G -i -f ${sender} -- ${recipient}')
    .exitOverride((err) => {
      throw err.exitCode === 0 ? err : new CommanderError(EX.tempfail, err.code, err.message);
    });
  addCommonOptions(pipe).action(async (command: string[], opts: CommonOptions) => {
    // One process per message: its scan worker loads the scanner (about 0.4 s) while the
    // configuration, the fingerprints and the message are read, not after.
    const { ScanPool } = await import('../pool/scan-pool.js');
    const settings = relaySettings(opts, io, log);
    const pool = ScanPool.beforeSettings({ size: 1, heapMb: opts.workerHeap }, settings.then(({ scan, timeoutMs }) => ({ scan, timeoutMs })));
    // Whatever goes wrong, a bad configuration included, defers the mail (75), with the status line pipe(8) reads first.
    const result = await settings
      .then(async ({ maxSize, lang }) => (await import('../relay/pipe-command.js')).pipeCommand(command, io.stdin, { maxSize, lang, pool }))
      .catch((err: unknown) => ({ exit: EX.tempfail, text: `4.3.0 pii-scan: ${err instanceof ConfigError || (err instanceof Error && err.name === 'FingerprintError') ? '' : 'internal error: '}${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }))
      // pipeCommand closes it once the message is scanned; this covers the settings or the message failing first.
      .finally(() => pool.close());
    if (result.text) out(`${result.text}\n`);
    setExit(result.exit);
  });
}
