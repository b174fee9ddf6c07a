// The re-injection command of the fault suite's pipe scenarios, in place of sendmail:
//   node reinject-stub.mjs MODE STATE_DIR -f SENDER -- RECIPIENT...
// Reads the message on stdin. "Delivering" appends one JSON line to STATE_DIR/delivered.
//   hang       delivers, then takes 4 s to exit 0 (a sendmail that queued the message, then hung)
//   slow       takes 4 s, then delivers and exits 0
//   fail-once  exits 75 without delivering the first time it sees a message, delivers the next time
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [mode, dir, ...args] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const head = Buffer.concat(chunks).toString('latin1').split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
const header = (name) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim();
const messageId = (header('Message-ID') ?? '(none)').replace(/^<|>$/g, '');
const recipients = args.slice(args.indexOf('--') + 1);
const deliver = () => appendFileSync(join(dir, 'delivered'), `${JSON.stringify({ messageId, recipients, verdict: header('X-PII-Scan') })}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (mode === 'hang') {
  deliver();
  await sleep(4000);
} else if (mode === 'slow') {
  await sleep(4000);
  deliver();
} else if (mode === 'fail-once') {
  const tried = join(dir, `tried-${messageId.replace(/[^\w.-]/g, '_')}`);
  if (!existsSync(tried)) {
    writeFileSync(tried, '');
    console.error('queue file write error (simulated)');
    process.exit(75);
  }
  deliver();
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(64);
}
