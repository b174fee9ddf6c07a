import { connect } from 'node:net';

/**
 * One message sent over a raw SMTP connection, the whole dialogue kept as the client saw it
 * (`C: ` lines sent, `S: ` lines received; the message itself shown as one line): what a mail
 * client's log would show of a refusal. Resolves with the dialogue and the reply to the end of data.
 */
export function smtpTranscript(port: number, envelope: { from: string; to: string[] }, message: Buffer): Promise<{ lines: string[]; final: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const lines: string[] = [];
    let buffer = '';
    const commands = [`EHLO client.example.org`, `MAIL FROM:<${envelope.from}>`, ...envelope.to.map((to) => `RCPT TO:<${to}>`), 'DATA', 'MESSAGE', 'QUIT'];
    let final = '';
    let dataSent = false;
    const sendNext = () => {
      const command = commands.shift();
      if (command === undefined) return;
      if (command === 'MESSAGE') {
        const text = message.toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
        dataSent = true;
        lines.push(`C: (the message, ${message.length} bytes)`, 'C: .');
        socket.write(Buffer.from(`${text.endsWith('\r\n') ? text : `${text}\r\n`}.\r\n`, 'latin1'));
      } else {
        lines.push(`C: ${command}`);
        socket.write(`${command}\r\n`);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(`S: ${line}`);
        if (line[3] === '-') continue;
        if (!final && dataSent) final = line;
        else if (!final && Number(line.slice(0, 3)) >= 400) {
          // A refused command ends the dialogue: QUIT only.
          final = line;
          commands.splice(0, commands.length, 'QUIT');
        }
        sendNext();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ lines, final }));
  });
}
