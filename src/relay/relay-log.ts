/** The fields of the one line logged per message: ids, verdict, what was done, time. Never a value. */
export interface MessageLogFields {
  /** The filter's session id, or `pipe`. */
  session: string;
  /** The MTA's queue id, read from the Received header the MTA added last. */
  queueId?: string;
  messageId?: string;
  /** The SMTP AUTH user who sent it, when the MTA says (the milter's `{auth_authen}` macro). */
  auth?: string;
  bytes: number;
  verdict: string;
  rule: string;
  action: string;
  /** The reply given (SMTP code) or the exit code (pipe). */
  reply: number;
  ms: number;
}

/** `pii-scan: filter: <session> queue=<id> msgid=<id> [auth=<user>] bytes=N verdict=V rule=R action=A reply=C ms=T` */
export function formatLogLine(mode: 'filter' | 'pipe' | 'milter', f: MessageLogFields): string {
  const field = (value: string | undefined) => (value ? value.replace(/[^\x21-\x7e]/g, '?') : '-');
  const auth = f.auth ? ` auth=${field(f.auth)}` : '';
  return `pii-scan: ${mode}: ${f.session} queue=${field(f.queueId)} msgid=${field(f.messageId)}${auth} bytes=${f.bytes} verdict=${f.verdict} rule=${f.rule} action=${f.action} reply=${f.reply} ms=${Math.round(f.ms)}\n`;
}

/** Header bytes looked at for the queue id: the Received header the MTA adds comes first. */
const HEAD_BYTES = 16 * 1024;

/**
 * The queue id in the topmost Received header ("... (Postfix) with ESMTP id 4Xy2Lz0abc; ..."),
 * which is the id the MTA logs the filter's reply under: it ties both logs together.
 */
export function queueIdOf(message: Buffer): string | undefined {
  const head = message.subarray(0, HEAD_BYTES).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end < 0 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const received = /^Received:(.*)$/im.exec(unfolded)?.[1];
  return received ? /\bid\s+([A-Za-z0-9]+)\b/.exec(received)?.[1] : undefined;
}
