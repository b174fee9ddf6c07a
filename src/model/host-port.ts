import { isIP } from 'node:net';

/**
 * An SMTP endpoint: `127.0.0.1:10025`, `[::1]:10025`, `localhost:10026`. Vocabulary of the
 * configuration (`relay.listen`, `relay.nextHop`) and of the command line, read once, here.
 */
export interface HostPort {
  host: string;
  port: number;
}

/**
 * Parses `HOST:PORT` (an IPv6 address in brackets). Port 0 is allowed where `allowZero` says so:
 * `--listen 127.0.0.1:0` lets the system pick a free port (tests, the load script).
 * Throws an Error whose message names what is wrong, for commander to print.
 */
export function parseHostPort(value: string, allowZero = false): HostPort {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]+)):(\d{1,5})$/.exec(value.trim());
  if (!match) throw new Error(`expected HOST:PORT (e.g. 127.0.0.1:10025), got "${value}"`);
  const host = match[1] ?? (match[2] as string);
  const port = Number(match[3]);
  if (port > 65535 || (port === 0 && !allowZero)) throw new Error(`port out of range in "${value}"`);
  if (match[1] !== undefined && isIP(host) !== 6) throw new Error(`not an IPv6 address in brackets: "${value}"`);
  return { host, port };
}

/** `host:port`, with brackets around an IPv6 address. */
export function formatHostPort({ host, port }: HostPort): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
