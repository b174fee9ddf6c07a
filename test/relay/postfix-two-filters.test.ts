import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFilterProcess } from '../helpers/filter-process.js';
import type { FilterProcess } from '../helpers/filter-process.js';
import { mail, textBody } from '../helpers/mail.js';
import { ensurePostfix, freePort, POSTFIX_RUNS, PostfixInstance, waitFor } from '../helpers/postfix.js';
import { filterMasterCf, twoFiltersMainCf } from '../helpers/postfix-config.js';
import { sendMail, startSink } from '../helpers/smtp.js';
import type { Sink } from '../helpers/smtp.js';

/**
 * Scaling out (docs/postfix.md): two pii-scan filter instances behind one content_filter, as a list
 * of next hops (Postfix 3.5 and later); one is stopped while mail flows. The filter keeps nothing
 * between messages but its cache, so the other takes the rest: nothing lost, nothing twice.
 */
describe.skipIf(!POSTFIX_RUNS)('two pii-scan filter instances behind one Postfix, one stopped mid-run', () => {
  let sink: Sink;
  let postfix: PostfixInstance;
  let first: FilterProcess | undefined;
  let second: FilterProcess | undefined;
  const MESSAGES = 30;
  const STOP_AFTER = 10;

  beforeAll(async () => {
    ensurePostfix();
    sink = await startSink();
    const ports = { filters: [await freePort(), await freePort()] as [number, number], reinject: await freePort() };
    postfix = new PostfixInstance({ smtp: await freePort(), sink: sink.port }, { main: twoFiltersMainCf(ports.filters), master: filterMasterCf({ filter: ports.filters[0], reinject: ports.reinject }), ownSmtpd: false });
    postfix.start();
    const args = (port: number) => ['--listen', `127.0.0.1:${port}`, '--next-hop', `127.0.0.1:${ports.reinject}`, '--workers', '1'];
    [first, second] = await Promise.all([startFilterProcess(args(ports.filters[0])), startFilterProcess(args(ports.filters[1]))]);
  }, 300_000);

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    postfix?.destroy();
    await sink?.close();
  });

  it('delivers every message exactly once, the second instance taking over from the first', async () => {
    const ids = Array.from({ length: MESSAGES }, (_, i) => `scale.${i + 1}@example.org`);
    const arrived = (id: string) => sink.messages.filter((m) => m.content.includes(`<${id}>`)).length;
    for (const [i, id] of ids.entries()) {
      if (i === STOP_AFTER) {
        // Stopped while mail flows: some of the first messages delivered, others on their way.
        await waitFor('the first messages at the sink', () => (ids.slice(0, STOP_AFTER).some((m) => arrived(m) > 0) ? true : undefined), 60);
        expect(await first?.stop()).toBe(0);
      }
      const reply = await sendMail(postfix.ports.smtp, { from: 'mairie@example.org', to: [`habitant${i + 1}@example.net`] }, mail(textBody(`Bulletin municipal, numéro ${i + 1}.`), { messageId: id }));
      expect(reply.code).toBe(250);
    }
    await waitFor('every message at the sink', () => (ids.every((id) => arrived(id) > 0) ? true : undefined), 90);
    await waitFor('an empty queue', () => (postfix.queue().length === 0 ? true : undefined), 60);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ids.map(arrived)).toEqual(ids.map(() => 1));
    // Both instances scanned: the first until it stopped, the second after.
    const relayed = (f: FilterProcess | undefined) => (f?.stderr().match(/ action=relay reply=250 /g) ?? []).length;
    expect(relayed(first)).toBeGreaterThan(0);
    expect(relayed(second)).toBeGreaterThan(0);
    expect(relayed(first) + relayed(second)).toBe(MESSAGES);
  }, 180_000);
});
