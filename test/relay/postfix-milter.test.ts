import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMilterProcess } from '../helpers/filter-process.js';
import type { FilterProcess } from '../helpers/filter-process.js';
import { heavyCsvMail, mail, textBody } from '../helpers/mail.js';
import { ensurePostfix, freePort, POSTFIX_RUNS, PostfixInstance, waitFor } from '../helpers/postfix.js';
import { milterMainCf } from '../helpers/postfix-config.js';
import { smtpTranscript } from '../helpers/smtp-transcript.js';
import { startSink } from '../helpers/smtp.js';
import type { Sink } from '../helpers/smtp.js';

const FOUNDING = readFileSync('fixtures/outbox/secheresse-abonnes.eml');
const REFUSAL = '550 5.7.1 pii-scan: blocked: clients_secheresse.xlsx#Abonnes holds a customer file (15,930 people); send it through a protected share';

/**
 * A real Postfix (Debian's package) in a private instance on loopback high ports, with
 * `pii-scan milter` (its own process) on smtpd_milters: the check runs while the sender's client
 * is connected, so a refusal reaches it at the end of DATA, with nothing queued and no bounce.
 */
describe.skipIf(!POSTFIX_RUNS)('pii-scan milter in a real Postfix (smtpd_milters, before-queue)', () => {
  let sink: Sink;
  let postfix: PostfixInstance;
  let milter: FilterProcess | undefined;
  let milterPort: number;
  const SENDER = 'service.clients@eau.example.org';
  const startMilter = async (extra: string[] = []) => {
    milter = await startMilterProcess(['--listen', `inet:${milterPort}@127.0.0.1`, '--workers', '1', ...extra]);
  };
  const deliveredTo = (rcpt: string) => sink.messages.filter((m) => m.recipients.includes(rcpt));
  const nothingQueued = () => expect(postfix.queue()).toEqual([]);

  beforeAll(async () => {
    ensurePostfix();
    sink = await startSink();
    milterPort = await freePort();
    postfix = new PostfixInstance({ smtp: await freePort(), sink: sink.port }, { main: milterMainCf(milterPort), master: '', ownSmtpd: false });
    postfix.start();
    await startMilter();
  }, 300_000);

  afterAll(async () => {
    await milter?.stop();
    postfix?.destroy();
    await sink?.close();
  });

  it('accepts a clean mail with its X-PII-Scan header, delivered once', async () => {
    const { final } = await smtpTranscript(postfix.ports.smtp, { from: SENDER, to: ['clean@example.net'] }, mail(textBody('Bonjour, la réunion est déplacée à jeudi 10 h.'), { messageId: 'milter.clean@example.org' }));
    expect(final).toMatch(/^250 2\.0\.0 Ok: queued as \w+$/);
    const [delivered] = await waitFor('the clean mail at the sink', () => (deliveredTo('clean@example.net').length ? deliveredTo('clean@example.net') : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(deliveredTo('clean@example.net')).toHaveLength(1);
    expect(delivered?.content.toString('latin1').split('\r\n\r\n')[0]?.match(/^X-PII-Scan: .*$/gm)).toEqual(['X-PII-Scan: verdict=pass; rule=none; version=0.1.0']);
  });

  it('refuses the founding case during the SMTP dialogue: the client sees 550 5.7.1 and why; nothing queued, no bounce', async () => {
    const { lines, final } = await smtpTranscript(postfix.ports.smtp, { from: SENDER, to: ['abonnes@example.net'] }, FOUNDING);
    // The dialogue as the sender's mail client saw it (the closing note of the milter issue quotes it).
    console.log(`SMTP dialogue of the refused founding case:\n${lines.join('\n')}`);
    expect(final).toBe(REFUSAL);
    expect(lines.slice(-4)).toEqual(['C: .', `S: ${REFUSAL}`, 'C: QUIT', 'S: 221 2.0.0 Bye']);
    nothingQueued();
    expect(milter?.stderr()).toMatch(/pii-scan: milter: m\d+ queue=\w+ msgid=<20220808101432\.xlsx\.20220815@eau-des-collines\.example\.org> bytes=\d+ verdict=block rule=people action=refuse reply=550 /);
    expect(postfix.log()).toMatch(/milter-reject: END-OF-MESSAGE from [^:]+: 5\.7\.1 pii-scan: blocked: clients_secheresse\.xlsx#Abonnes holds a customer file \(15,930 people\)/);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect([deliveredTo('abonnes@example.net'), deliveredTo(SENDER)]).toEqual([[], []]);
  });

  it('defers (451) the one message whose scan worker died, and accepts the next', async () => {
    await milter?.stop();
    // A 32 MiB heap starts the worker and is far too small for a 120,000-row CSV: the worker dies mid-scan.
    await startMilter(['--worker-heap', '32']);
    const { final } = await smtpTranscript(postfix.ports.smtp, { from: SENDER, to: ['crash@example.net'] }, heavyCsvMail('milter.heavy@example.org'));
    expect(final).toMatch(/^451 4\.3\.0 pii-scan: not scanned: .*memory/);
    nothingQueued();
    const next = await smtpTranscript(postfix.ports.smtp, { from: SENDER, to: ['after-crash@example.net'] }, mail(textBody('Ordre du jour du conseil.'), { messageId: 'milter.after@example.org' }));
    expect(next.final).toMatch(/^250 2\.0\.0 Ok: queued as \w+$/);
    await waitFor('the mail after the crash at the sink', () => (deliveredTo('after-crash@example.net').length ? true : undefined));
  });

  it('with the milter down, defers mail (milter_default_action = tempfail): nothing passes unscanned', async () => {
    expect(await milter?.stop()).toBe(0);
    milter = undefined;
    const { final } = await smtpTranscript(postfix.ports.smtp, { from: SENDER, to: ['down@example.net'] }, mail(textBody('Compte rendu.'), { messageId: 'milter.down@example.org' }));
    expect(final).toBe('451 4.7.1 Service unavailable - try again later');
    nothingQueued();
    expect(deliveredTo('down@example.net')).toEqual([]);
  });
});
