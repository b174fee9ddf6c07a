import type { SmtpClient } from './smtp-client.js';

/**
 * How long a connection to the next hop is kept open between two messages. Postfix's own smtpd
 * waits 300 s for a command (smtpd_timeout); a message a second keeps one connection in use.
 */
const PARKED_MS = 30_000;
/** Connections kept open per next hop: one per message relayed at the same time is enough. */
const MAX_PARKED = 32;

interface Parked {
  client: SmtpClient;
  timer: NodeJS.Timeout;
}

const parked = new Map<string, Parked[]>();

/**
 * Connections to the next hop kept open between messages, as Postfix's connection cache keeps
 * them: a new connection per message costs the hop a greeting and an EHLO each time (and a hop
 * that delays its greeting, as smtp-server does by 100 ms to catch early talkers, that much per
 * message). The most recently used comes first; one the hop closed while it waited is dropped.
 */
export function takeParked(hop: string): SmtpClient | undefined {
  const list = parked.get(hop);
  for (let entry = list?.pop(); entry; entry = list?.pop()) {
    clearTimeout(entry.timer);
    if (entry.client.reusable) return entry.client;
    entry.client.close();
  }
  return undefined;
}

/** Keeps a connection whose transaction is over for the next message, or closes it. */
export function park(hop: string, client: SmtpClient): void {
  const list = parked.get(hop) ?? [];
  if (!client.reusable || list.length >= MAX_PARKED) return client.close();
  const entry: Parked = {
    client,
    timer: setTimeout(() => {
      const at = list.indexOf(entry);
      if (at !== -1) list.splice(at, 1);
      client.close();
    }, PARKED_MS).unref(),
  };
  list.push(entry);
  parked.set(hop, list);
}

/** Closes every parked connection (the filter is stopping). */
export function closeParked(): void {
  for (const list of parked.values()) {
    for (const entry of list.splice(0)) {
      clearTimeout(entry.timer);
      entry.client.close();
    }
  }
}
