import type { Ctx } from '../context';
import { isoInstant } from '../core/time';
import { runDaemon } from '../daemon/run';
import { invalid, usage } from '../errors';
import type { DeliveryEvent } from '../mail/deliver';
import { fileSender, mailFrom, smtpConfig, smtpSender, type Sender } from '../mail/transport';

/** A dry run writes files and sends nothing: its log says "wrote", its JSON result stays "sent" (as the outbox would record). */
function line(e: DeliveryEvent, dryRun: boolean): string {
  const at = isoInstant(e.at, 'UTC');
  const what = `${e.kind} #${e.id} to ${e.to}${e.bookingId === null ? '' : ` (booking ${e.bookingId})`}`;
  switch (e.outcome) {
    case 'sent': return `${at} ${dryRun ? 'wrote' : 'sent'} ${what}: ${e.detail}`;
    case 'retry': return `${at} retry ${what} at ${isoInstant(e.nextAttemptAt!, 'UTC')} (attempt ${e.attempts}): ${e.detail}`;
    case 'failed': return `${at} FAILED ${what} after ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}: ${e.detail}`;
    case 'skipped': return `${at} skipped ${what}: ${e.detail}`;
    case 'lost': return `${at} sent ${what}, but another sender had taken it over: ${e.detail}`;
  }
}

const jsonLine = (e: DeliveryEvent) => JSON.stringify({
  at: isoInstant(e.at, 'UTC'), id: e.id, kind: e.kind, to: e.to, booking: e.bookingId, result: e.outcome, detail: e.detail, attempts: e.attempts,
  ...(e.nextAttemptAt === undefined ? {} : { next_attempt: isoInstant(e.nextAttemptAt, 'UTC') }),
});

export async function daemon(ctx: Ctx, _: string[], o: Record<string, any>) {
  const env = ctx.io.env;
  // An option that would be ignored is refused: --out without --dry-run would really send.
  if (o.out !== undefined && !o.dryRun) throw usage('--out is the folder for --dry-run', 'add --dry-run to write the messages there instead of sending them');
  if (o.cron !== undefined && o.once) throw usage('--cron and --once do not go together', '--once sends what is due now and exits (for the system crontab); --cron keeps running on that schedule');
  const cron = o.cron ?? '* * * * *';
  let sender: Sender;
  if (o.dryRun) {
    sender = await fileSender(o.out ?? 'sched-mail');
  } else {
    const config = smtpConfig(env.SCHED_SMTP_URL);
    if (!config) throw invalid('SCHED_SMTP_URL is not set: the daemon has no mail server to send through', 'set SCHED_SMTP_URL=smtp://user:password@mail.example.com:587, or try it with --dry-run');
    // Checked before the first run: a cron job with a bad sender would otherwise send nothing, every time, and exit 0.
    mailFrom(env.SCHED_MAIL_FROM, '');
    sender = await smtpSender(config, { pool: true, maxConnections: 4 });
  }
  const out = (s: string) => ctx.io.stdout.write(`${s}\n`);
  const err = (s: string) => ctx.io.stderr.write(`${s}\n`);
  // A wait for the lock is part of a run, not news: its log has timestamped lines, and cron mails any output.
  ctx.lockNotes = false;
  try {
    const total = await runDaemon(ctx, sender, {
      cron,
      once: !!o.once,
      dryRun: !!o.dryRun,
      from: env.SCHED_MAIL_FROM ?? (o.dryRun ? 'sched@localhost' : undefined),
      log: (e) => out(ctx.json ? jsonLine(e) : line(e, !!o.dryRun)),
      logError: (m) => err(`${isoInstant(ctx.now(), 'UTC')} error: ${m}`),
      started: () => err(`sched daemon: sending through ${sender.description}, schedule "${cron}"; stop with Ctrl-C`),
    });
    // On stderr, with --json too: stdout carries only the JSON lines.
    err(`sched daemon: ${total.sent} ${o.dryRun ? 'written (dry run: nothing sent, nothing changed)' : 'sent'}, ${total.retry} to retry, ${total.failed} failed, ${total.skipped} skipped`);
  } finally {
    sender.close();
  }
}
