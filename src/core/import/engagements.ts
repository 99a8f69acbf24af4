// Engagements from CSV, keyed by client + name (an id means nothing in another office): how hour budgets
// travel with the bookings that draw on them. The same readers and checks as `sched engagement add`.
import { fieldReader, invalid, notBookable } from '../../errors';
import type { Tx } from '../../db/store';
import { findClient } from '../clients';
import { formatHours } from '../duration';
import { clientZone, namedEngagement, readHours, usage } from '../engagements';
import type { Env } from '../env';
import { officeSettings, type OfficeSettings } from '../settings';
import { localDate, parseDate } from '../time';
import { OPEN_STATUSES, type Client, type Engagement } from '../types';
import * as v from '../validate';
import { ENGAGEMENT_NAME_MAX } from '../../names';
import { cached, given, updateRecord, type ImportKind, type ImportOptions, type RowImporter, type RowOutcome } from './kind';

export const ENGAGEMENT_COLUMNS = ['client', 'name', 'hours', 'until', 'status'] as const;

/** The budget as the `hours` column writes it: hours with up to four decimals, which read back to the same minute. */
export const hoursCell = (budgetMin: number): string => String(Math.round((budgetMin / 60) * 10_000) / 10_000);

function readStatus(value: string): Engagement['status'] {
  const s = value.trim().toLowerCase();
  if (s !== 'open' && s !== 'closed') throw invalid(`status: "${value}" is not open or closed`);
  return s;
}

/**
 * Fewer hours than its sessions already took, or an end before a session still to come, would leave the
 * engagement overdrawn, as `book` does only with --force: refused unless the import is forced.
 */
function overdrawn(tx: Tx, e: Engagement, client: Client, budgetMin: number | undefined, until: string | null | undefined, settings: OfficeSettings): void {
  if (budgetMin !== undefined && budgetMin < e.budgetMin) {
    const u = usage(e, tx.engagementMinutes(e.id), settings.noShowCounts);
    const used = u.bookedMin + u.deliveredMin;
    if (budgetMin < used) throw notBookable(`hours: ${client.name}'s "${e.name}" already has ${formatHours(used)} booked or delivered`, 'give at least that many hours, or --force to import it overdrawn');
  }
  if (until) {
    const zone = clientZone(client, settings);
    const after = tx.listBookings({ engagementId: e.id, statuses: OPEN_STATUSES }).find((b) => localDate(b.startAt, zone) > until);
    if (after) throw notBookable(`until: ${client.name}'s "${e.name}" has a session on ${localDate(after.startAt, zone)} (booking ${after.id}), after ${until}`, 'give a later date, or --force');
  }
}

function begin(tx: Tx, env: Env, opts: ImportOptions): RowImporter {
  const clientBy = cached((c) => findClient(tx, c, 'client'));
  const settings = officeSettings(tx);
  // The file may name each engagement once: a second row would silently undo the first.
  const seen = new Map<string, number>();
  return {
    apply(row): RowOutcome {
      const c = row.cells;
      const f = fieldReader();
      const client = f.read(() => {
        const value = c.client?.trim();
        if (!value) throw invalid('client: required', 'the email or id of the client who bought the hours');
        return clientBy(value.toLowerCase());
      });
      const name = f.read(() => {
        if (!c.name?.trim()) throw invalid('name: required', "a client's engagements are told apart by name");
        return v.text(c.name, 'name', ENGAGEMENT_NAME_MAX);
      });
      const existing = client && name !== undefined ? namedEngagement(tx, client, name) : undefined;
      const hoursText = given(c, 'hours');
      const budgetMin = f.read(() => {
        if (hoursText?.trim()) return readHours(hoursText, 'hours');
        if (!existing) throw invalid('hours: required for a new engagement');
        return undefined;
      });
      const untilText = given(c, 'until');
      const until = f.read(() => (untilText === undefined ? undefined : untilText.trim() === '' ? null : parseDate(untilText.trim(), 'until', client ? clientZone(client, settings) : settings.defaultTz, env.now())));
      const status = f.read(() => (given(c, 'status')?.trim() ? readStatus(c.status!) : undefined));
      f.done();
      const key = `${client!.id}\u0000${name}`;
      const before = seen.get(key);
      if (before !== undefined) throw invalid(`name: ${client!.name}'s engagement "${name}" is already on line ${before}`, 'name each engagement once in a file');
      seen.set(key, row.line);

      const now = env.now();
      if (!existing) {
        const made = tx.insertEngagement({ clientId: client!.id, name: name!, budgetMin: budgetMin!, until: until ?? null, status: status ?? 'open', createdAt: now, closedAt: status === 'closed' ? now : null });
        tx.audit({ at: now, actor: env.actor, action: 'engagement.import', entity: 'engagement', entityId: made.id, details: { client: client!.id, name, budgetMin, until: made.until, status: made.status, line: row.line } });
        return 'created';
      }
      if (!opts.force) overdrawn(tx, existing, client!, budgetMin, until, settings);
      const closedAt = status === undefined || status === existing.status ? undefined : status === 'closed' ? now : null;
      return updateRecord(existing, { budgetMin, until, status, closedAt }, (patch) => {
        tx.updateEngagement(existing.id, patch);
        tx.audit({ at: now, actor: env.actor, action: 'engagement.import', entity: 'engagement', entityId: existing.id, details: { ...patch, line: row.line } });
      });
    },
  };
}

export const engagements: ImportKind = { columns: ENGAGEMENT_COLUMNS, keys: ['client', 'name'], begin: (tx, env, _rows, opts) => begin(tx, env, opts) };
