/**
 * The Postfix lines that put pii-scan in front of a relay: one source for the integration test
 * (which runs them) and for docs/postfix.md (a test checks that the documented lines are these).
 * The layout follows Postfix's FILTER_README ("advanced content filter" and "simple content
 * filter"): an `scan` transport to the filter, and a re-injection smtpd without the filter.
 */

export interface FilterPorts {
  /** Where `pii-scan filter --listen` listens. */
  filter: number;
  /** The re-injection smtpd, `pii-scan filter --next-hop`. */
  reinject: number;
}

/** The documented ports, as in FILTER_README and pii-scan's defaults. */
export const DOC_PORTS: FilterPorts = { filter: 10025, reinject: 10026 };

/** main.cf: every queued message goes to the `scan` transport first. */
export function filterMainCf(ports: FilterPorts): string {
  return [
    `content_filter = scan:[127.0.0.1]:${ports.filter}`,
    // Address rewriting (virtual aliases, canonical maps) happens once, at re-injection.
    'receive_override_options = no_address_mappings',
  ].join('\n');
}

/** master.cf: the transport to pii-scan filter, and the re-injection listener it relays to. */
export function filterMasterCf(ports: FilterPorts): string {
  return [
    'scan      unix  -       -       n       -       10      smtp',
    '    -o disable_mime_output_conversion=yes',
    '    -o smtp_generic_maps=',
    '    -o smtp_data_done_timeout=600s',
    `127.0.0.1:${ports.reinject} inet  n       -       n       -       10      smtpd`,
    '    -o content_filter=',
    '    -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters',
    '    -o smtpd_helo_restrictions=',
    '    -o smtpd_client_restrictions=',
    '    -o smtpd_sender_restrictions=',
    '    -o smtpd_relay_restrictions=',
    '    -o smtpd_recipient_restrictions=permit_mynetworks,reject',
    '    -o smtpd_data_restrictions=',
    '    -o mynetworks=127.0.0.0/8',
    '    -o smtpd_authorized_xforward_hosts=127.0.0.0/8',
  ].join('\n');
}

/** The pii-scan filter command line that goes with these lines. */
export function filterCommandLine(ports: FilterPorts, extra = ''): string {
  return `pii-scan filter --listen 127.0.0.1:${ports.filter} --next-hop 127.0.0.1:${ports.reinject}${extra ? ` ${extra}` : ''}`;
}

export interface PipeService {
  /** The smtpd service that takes mail in: `smtp` (port 25), or `127.0.0.1:PORT` for a test. */
  service: string;
  /** Whether that smtpd is chrooted (Debian's default for `smtp`). */
  chroot: 'y' | 'n';
  /** The pii-scan command, as pipe(8) runs it. */
  command: string;
  /** The user pipe(8) runs it as: neither root nor Postfix's own (pipe(8) refuses both). */
  user: string;
  /** The re-injection command and its first arguments, before `-f SENDER -- RECIPIENT` (sendmail's when absent). */
  reinject?: string;
}

/** The documented pipe(8) service: port 25, chrooted as Debian ships it, a dedicated user. */
export const DOC_PIPE: PipeService = { service: 'smtp', chroot: 'y', command: '/usr/local/bin/pii-scan', user: 'piiscan' };

/**
 * The pipe(8) variant (FILTER_README's "simple content filter"): only mail received by smtpd is
 * filtered, so that the message pii-scan re-injects through sendmail (pickup) is not filtered again.
 */
export function pipeMasterCf(p: PipeService): string {
  return [
    `${p.service.padEnd(9)} inet  n       -       ${p.chroot}       -       -       smtpd`,
    '    -o content_filter=scan:dummy',
    'scan      unix  -       n       n       -       10      pipe',
    `    flags=Rq user=${p.user} null_sender=`,
    `    argv=${p.command} pipe -- ${p.reinject ?? '/usr/sbin/sendmail -G -i'} -f \${sender} -- \${recipient}`,
  ].join('\n');
}

/** The documented milter port, pii-scan's default (`relay.milterListen`). */
export const DOC_MILTER_PORT = 10030;

/**
 * main.cf for the milter (MILTER_README): every message received by smtpd, and every one submitted
 * locally, is checked before it is queued; with pii-scan unreachable, mail is deferred (4xx), never
 * passed unscanned.
 */
export function milterMainCf(port: number): string {
  return [
    `smtpd_milters = inet:127.0.0.1:${port}`,
    `non_smtpd_milters = inet:127.0.0.1:${port}`,
    'milter_default_action = tempfail',
    // The end-of-message scan has pii-scan's own --timeout (120 s); Postfix waits longer than that.
    'milter_content_timeout = 300s',
  ].join('\n');
}

/** The pii-scan milter command line that goes with these lines. */
export function milterCommandLine(port: number, extra = ''): string {
  return `pii-scan milter --listen inet:${port}@127.0.0.1${extra ? ` ${extra}` : ''}`;
}

/**
 * main.cf for several filter instances (docs/postfix.md, "Scaling out"): the content filter's next
 * hop as a list (Postfix 3.5 and later), tried in order; an instance that is down or stopping is
 * passed over for the next.
 */
export function twoFiltersMainCf(filters: [number, number]): string {
  return [`content_filter = scan:[127.0.0.1]:${filters[0]}, [127.0.0.1]:${filters[1]}`, 'receive_override_options = no_address_mappings'].join('\n');
}
