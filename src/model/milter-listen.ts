import { isAbsolute } from 'node:path';
import { parseHostPort } from './host-port.js';

/**
 * Where the milter listens (`--listen`, `relay.milterListen`): a TCP port, or a Unix socket.
 * Vocabulary of the configuration, shared by config/ (which checks it) and relay/ (which listens).
 */
export type MilterListen = { kind: 'inet'; host: string; port: number } | { kind: 'unix'; path: string };

/**
 * Parses a milter socket as Sendmail and libmilter write it (`inet:10030@127.0.0.1`,
 * `inet6:10030@[::1]`, `unix:/run/pii-scan/milter.sock`, `local:` for `unix:`) or as Postfix's
 * smtpd_milters does (`inet:127.0.0.1:10030`). Port 0 lets the system choose (tests).
 * Throws an Error whose message says what is expected.
 */
export function parseMilterListen(value: string): MilterListen {
  const text = value.trim();
  const colon = text.indexOf(':');
  const scheme = colon < 0 ? '' : text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  if (scheme === 'unix' || scheme === 'local') {
    if (!isAbsolute(rest)) throw new Error(`expected an absolute socket path after ${scheme}:, got "${value}"`);
    return { kind: 'unix', path: rest };
  }
  if (scheme === 'inet' || scheme === 'inet6') {
    // Sendmail's PORT@HOST, its host in brackets when it is an IPv6 address, becomes HOST:PORT.
    const at = /^(\d{1,5})@(.+)$/.exec(rest);
    const host = at?.[2] ?? '';
    const asHostPort = at ? `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${at[1]}` : rest;
    try {
      return { kind: 'inet', ...parseHostPort(asHostPort, true) };
    } catch {
      throw new Error(`expected inet:PORT@HOST or inet:HOST:PORT with a port up to 65535, got "${value}"`);
    }
  }
  throw new Error(`expected inet:PORT@HOST, inet:HOST:PORT or unix:/PATH, got "${value}"`);
}

/** As Postfix's smtpd_milters writes it. */
export function formatMilterListen(listen: MilterListen): string {
  if (listen.kind === 'unix') return `unix:${listen.path}`;
  return listen.host.includes(':') ? `inet:[${listen.host}]:${listen.port}` : `inet:${listen.host}:${listen.port}`;
}
