import type { Ctx } from '../context';
import { officeSettings } from '../core/settings';
import * as v from '../core/validate';
import { invalid, SchedError } from '../errors';
import { render } from '../mail/templates';
import { describeFailure, mailFrom, smtpConfig, smtpSender } from '../mail/transport';

/** Sends one message now, straight to the server (not through the outbox), and reports the server's answer. */
export async function test(ctx: Ctx, [address]: string[]) {
  const to = v.email(address!, 'ADDRESS');
  const config = smtpConfig(ctx.io.env.SCHED_SMTP_URL);
  if (!config) throw invalid('SCHED_SMTP_URL is not set', 'e.g. SCHED_SMTP_URL=smtp://user:password@mail.example.com:587');
  const settings = ctx.store.read((tx) => officeSettings(tx));
  const from = mailFrom(ctx.io.env.SCHED_MAIL_FROM, settings.officeName);
  const letter = render({
    subject: `Test message from ${settings.officeName}`,
    greeting: 'Hello,',
    paragraphs: ['This is a test message from sched. If you can read it, reminders and confirmations will reach their recipients.'],
    details: [['Server', config.description], ['From', `${from.name} <${from.address}>`]],
    signature: [`${settings.officeName} (sched)`],
  });
  const sender = await smtpSender(config);
  try {
    // SCHED_NOW is the clock here too, as for every message the daemon sends.
    const sent = await sender.send({ key: 'test', messageId: `<test.${ctx.now()}@${from.address.split('@')[1]}>`, date: new Date(ctx.now()), from, to: { name: '', address: to }, ...letter });
    if (ctx.json) ctx.data({ ok: true, to, server: config.description, response: sent.response, message_id: sent.messageId });
    else ctx.say(`sent a test message to ${to} through ${config.description}: ${sent.response}`);
  } catch (e) {
    const f = describeFailure(e);
    throw new SchedError('failed', `sending to ${to} through ${config.description} failed: ${f.message}`, f.permanent ? 'the server refused it: check the address and SCHED_MAIL_FROM' : 'check SCHED_SMTP_URL (host, port, user, password) and that the server is reachable');
  } finally {
    sender.close();
  }
}
