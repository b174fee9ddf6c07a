#!/usr/bin/env node
// The pipe(8) test's re-injection command, in place of /usr/sbin/sendmail: sendmail's postdrop
// only takes a private instance's configuration listed in the system's /etc/postfix/main.cf,
// which tests do not write. Same arguments and exit codes as sendmail:
//   smtp-reinject.mjs HOST:PORT [-G] [-i] -f SENDER -- RECIPIENT...
// reads the message on stdin and hands it over SMTP to HOST:PORT (the instance's own smtpd
// without a content filter). Exit 0 once accepted, 75 (defer) on 4xx or no answer, 69 on 5xx.
import { connect } from 'node:net';

const [target, ...args] = process.argv.slice(2);
const end = args.indexOf('--');
const from = args[args.indexOf('-f') + 1] ?? '';
const recipients = end < 0 ? [] : args.slice(end + 1);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const message = Buffer.concat(chunks).toString('latin1').replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];

const commands = ['EHLO reinject.pii-scan.test', `MAIL FROM:<${from}>`, ...recipients.map((r) => `RCPT TO:<${r}>`), 'DATA', `${message}${message.endsWith('\r\n') ? '' : '\r\n'}.`, 'QUIT'];
const socket = connect(port, host);
let buffer = '';
let exit = 75;
socket.on('data', (data) => {
  buffer += data.toString('latin1');
  for (let at = buffer.indexOf('\r\n'); at >= 0; at = buffer.indexOf('\r\n')) {
    const line = buffer.slice(0, at);
    buffer = buffer.slice(at + 2);
    if (line[3] === '-') continue;
    const code = Number(line.slice(0, 3));
    if (code >= 400) {
      process.stderr.write(`smtp-reinject: ${line}\n`);
      exit = code >= 500 ? 69 : 75;
      socket.end('QUIT\r\n');
      return;
    }
    const next = commands.shift();
    if (next === 'QUIT') exit = 0;
    if (next !== undefined) socket.write(`${next}\r\n`);
  }
});
socket.on('error', (err) => process.stderr.write(`smtp-reinject: ${err.message}\n`));
socket.on('close', () => process.exit(exit));
