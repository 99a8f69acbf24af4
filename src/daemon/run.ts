// The reminder daemon: runs one delivery at start (catching up on what fell due while it was down), then
// on every node-cron tick. Each run looks for everything due rather than trusting ticks, since node-cron
// skips the ticks it missed. On SIGINT/SIGTERM it lets the messages being sent finish and returns; `--once` too.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Env } from '../core/env';
import { invalid } from '../errors';
import { deliverDue, type DeliveryCounts, type DeliveryEvent } from '../mail/deliver';
import type { Sender } from '../mail/transport';

export interface DaemonOptions {
  cron: string;
  once: boolean;
  dryRun: boolean;
  from: string | undefined;
  log: (e: DeliveryEvent) => void;
  /** A run that failed as a whole (the database was locked for too long, say): logged, and the next tick tries again (not --once: it fails). */
  logError: (message: string) => void;
  signals?: NodeJS.Process;
  /** Called once the schedule is valid and running. */
  started?: () => void;
}

export const workerId = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export async function runDaemon(env: Env, sender: Sender, o: DaemonOptions): Promise<DeliveryCounts> {
  const total: DeliveryCounts = { sent: 0, retry: 0, failed: 0, skipped: 0, lost: 0 };
  let stopping = false;
  const worker = workerId();
  const deliver = async () => {
    const counts = await deliverDue(env, sender, { worker, from: o.from, dryRun: o.dryRun, log: o.log, stopping: () => stopping });
    for (const k of Object.keys(total) as Array<keyof DeliveryCounts>) total[k] += counts[k];
  };
  // The daemon logs a run that failed and tries again at the next tick.
  const runOnce = async () => {
    try {
      await deliver();
    } catch (e) {
      o.logError(e instanceof Error ? e.message : String(e));
    }
  };

  const signals = o.signals ?? process;
  if (o.once) {
    // As the daemon does: SIGINT or SIGTERM lets the messages on the wire finish and puts the rest back; a second
    // one (the handler is gone by then) stops the process at once.
    const stop = () => {
      stopping = true;
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
    };
    signals.on('SIGINT', stop);
    signals.on('SIGTERM', stop);
    // A single run's failure is the command's (a crontab sees exit 75 for a database that stayed locked).
    try {
      await deliver();
    } finally {
      stop();
    }
    return total;
  }

  const cron = await import('node-cron');
  const check = cron.validateDetailed(o.cron);
  if (!check.valid) {
    throw invalid(`--cron: "${o.cron}" is not a cron expression (${check.errors.map((e) => e.message).join('; ')})`, 'e.g. --cron "*/5 * * * *" for every 5 minutes');
  }
  let running: Promise<void> = runOnce();
  const logger = { info: () => {}, debug: () => {}, warn: (m: string) => o.logError(m), error: (m: string | Error) => o.logError(String(m)) };
  const task = cron.createTask(o.cron, () => {
    running = running.then(() => (stopping ? undefined : runOnce()));
    return running;
  }, { noOverlap: true, logger, suppressMissedWarning: true });
  task.start();
  o.started?.();

  await new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      void Promise.resolve(task.stop()).then(() => running).then(() => resolve());
    };
    signals.on('SIGINT', stop);
    signals.on('SIGTERM', stop);
  });
  return total;
}
