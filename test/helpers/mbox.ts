/** An mboxrd file of the given messages: a strict `From ` separator before each, body `From ` lines quoted. */
export function toMbox(messages: Buffer[]): Buffer {
  const parts = messages.map((m, i) => {
    const body = m.toString('latin1').replace(/^(>*From )/gm, '>$1');
    const day = String(8 + i).padStart(2, ' ');
    return `From service.clients@example.org Mon Aug ${day} 10:14:32 2022\n${body}${body.endsWith('\n') ? '' : '\n'}\n`;
  });
  return Buffer.from(parts.join(''), 'latin1');
}
