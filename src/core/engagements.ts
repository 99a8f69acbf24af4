// Engagements: hour budgets a client bought, drawn on by bookings. Booked hours are the upcoming sessions
// (scheduled, confirmed); delivered hours the completed ones, and no-shows when the office counts them
// (`no_show_counts`); cancelling gives the hours back. Remaining = budget - booked - delivered.
import { illegal, invalid, notFound } from '../errors';
import type { Tx } from '../db/store';
import { findClient } from './clients';
import { formatHours } from './duration';
import type { Env } from './env';
import { officeSettings, type OfficeSettings } from './settings';
import { localDate, parseDate } from './time';
import { isOpen, type Booking, type Client, type Engagement, type Status } from './types';
import * as v from './validate';
import { ENGAGEMENT_NAME_MAX, freeName } from '../names';

export interface Usage {
  budgetMin: number;
  bookedMin: number;
  deliveredMin: number;
  remainingMin: number;
}

export function usage(e: Engagement, minutes: Partial<Record<Status, number>>, noShowCounts: boolean): Usage {
  const bookedMin = (minutes.scheduled ?? 0) + (minutes.confirmed ?? 0);
  const deliveredMin = (minutes.completed ?? 0) + (noShowCounts ? minutes.no_show ?? 0 : 0);
  return { budgetMin: e.budgetMin, bookedMin, deliveredMin, remainingMin: e.budgetMin - bookedMin - deliveredMin };
}

const hours = (min: number) => formatHours(Math.abs(min));
/** The zone an engagement's end date is read in: the client's, else the office's. */
export const clientZone = (client: Client, settings: OfficeSettings) => client.tz ?? settings.defaultTz;

export function findEngagement(tx: Tx, idValue: string | number, field = '--engagement'): Engagement {
  const id = v.id(idValue, field);
  const e = tx.engagementById(id);
  if (!e) throw notFound(`${field}: no engagement ${id}`, 'see sched engagement list');
  return e;
}

/** May this client book against the engagement at all (before any time is looked at)? `closed`: also when closed. */
export function engagementFor(tx: Tx, idValue: string, client: Client, field = '--engagement', closed = false): Engagement {
  const e = findEngagement(tx, idValue, field);
  if (e.clientId !== client.id) throw invalid(`${field} ${e.id} belongs to another client`, `see sched engagement list --client ${client.id}`);
  if (e.status === 'closed' && !closed) throw illegal(`engagement ${e.id} (${e.name}) is closed`, 'book without --engagement, or add a new engagement');
  return e;
}

/** Why a session of `durationMin` starting at `start` cannot draw on the engagement, or null. */
export function engagementProblem(tx: Tx, e: Engagement, client: Client, start: number, durationMin: number, settings: OfficeSettings, ignore?: Booking): string | null {
  const problems: string[] = [];
  const day = localDate(start, clientZone(client, settings));
  if (e.until && day > e.until) problems.push(`ends ${e.until}; this session is on ${day}`);
  const u = usage(e, tx.engagementMinutes(e.id), settings.noShowCounts);
  const own = ignore && isOpen(ignore.status) ? (ignore.endAt - ignore.startAt) / 60_000 : 0;
  // A session already drawing on it (one being moved) asks only for what it adds: moving it draws nothing new,
  // even when another, forced booking has overdrawn the budget.
  const more = durationMin - own;
  if (more > 0 && more > u.remainingMin) {
    problems.push(`has ${u.remainingMin > 0 ? hours(u.remainingMin) : 'no time'} left of ${hours(e.budgetMin)}; this session needs ${hours(more)}${own ? ' more' : ''}`);
  }
  // Both, when both: --force waives them together, and the history says what it waived.
  return problems.length ? `engagement ${e.id} (${e.name}) ${problems.join(', and ')}` : null;
}

/** The client's engagement of that name (names are unique per client). */
export const namedEngagement = (tx: Tx, client: Client, name: string): Engagement | undefined => tx.listEngagements(client.id).find((e) => e.name === name);

/**
 * The engagement a bookings file names for a client: by name (how an export writes it, so it travels to another
 * office), or by its id in this database (files written before names travelled).
 */
export function clientEngagement(tx: Tx, client: Client, value: string, field: string): Engagement {
  const named = namedEngagement(tx, client, value);
  if (named) return named;
  if (/^\d+$/.test(value)) return findEngagement(tx, value, field);
  throw notFound(`${field}: ${client.name} has no engagement named "${value}"`, `import the engagements first (sched import engagements FILE), or see sched engagement list --client ${client.email}`);
}

export interface EngagementInput {
  client: string;
  hours: string;
  name?: string;
  until?: string;
}

/** Hours of budget, as `--hours` and the `hours` column read them: a number, whole or decimal, e.g. 24 or 1.5. */
export function readHours(value: string, field = '--hours'): number {
  const n = Number(value.trim().replace(',', '.'));
  const flag = field === '--hours' ? '--hours ' : '';
  if (!/^\d+([.,]\d+)?$/.test(value.trim()) || !Number.isFinite(n) || n <= 0 || n > 10_000) throw invalid(`${field}: "${value}" is not a number of hours`, `e.g. ${flag}24 or ${flag}1.5`);
  const minutes = Math.round(n * 60);
  // Budgets are kept in whole minutes: a value that rounds to none would be an engagement nobody can draw on.
  if (minutes < 1) throw invalid(`${field}: "${value}" is less than a minute`, `e.g. ${flag}0.5 for half an hour`);
  return minutes;
}

export function addEngagement(env: Env, input: EngagementInput): Engagement {
  const budgetMin = readHours(input.hours);
  const name = input.name === undefined ? undefined : v.text(input.name, '--name', ENGAGEMENT_NAME_MAX);
  return env.store.write((tx) => {
    const client = findClient(tx, input.client);
    if (name !== undefined && namedEngagement(tx, client, name)) {
      throw invalid(`--name: ${client.name} already has an engagement named "${name}"`, 'give it another --name: a client\'s engagements are told apart by name');
    }
    const settings = officeSettings(tx);
    const until = input.until === undefined ? null : parseDate(input.until, '--until', clientZone(client, settings), env.now());
    const e = tx.insertEngagement({ clientId: client.id, name: name ?? freeName(`${formatHours(budgetMin)} for ${client.name}`, new Set(tx.listEngagements(client.id).map((e) => e.name))), budgetMin, until, status: 'open', createdAt: env.now(), closedAt: null });
    tx.audit({ at: env.now(), actor: env.actor, action: 'engagement.add', entity: 'engagement', entityId: e.id, details: { client: client.id, budgetMin, until, name: e.name } });
    return e;
  });
}

export interface EngagementView {
  engagement: Engagement;
  client: Client;
  usage: Usage;
}

const view = (tx: Tx, e: Engagement, settings: OfficeSettings): EngagementView =>
  ({ engagement: e, client: tx.clientById(e.clientId)!, usage: usage(e, tx.engagementMinutes(e.id), settings.noShowCounts) });

export function listEngagements(env: Env, client?: string): EngagementView[] {
  return env.store.read((tx) => {
    const c = client === undefined ? undefined : findClient(tx, client);
    const settings = officeSettings(tx);
    return tx.listEngagements(c?.id).map((e) => view(tx, e, settings));
  });
}

export function showEngagement(env: Env, id: string): EngagementView & { sessions: Booking[] } {
  return env.store.read((tx) => {
    const e = findEngagement(tx, id, 'ID');
    return { ...view(tx, e, officeSettings(tx)), sessions: tx.listBookings({ engagementId: e.id }) };
  });
}

/** No more bookings draw on it; its sessions stay as they are. */
export function closeEngagement(env: Env, id: string): EngagementView {
  return env.store.write((tx) => {
    const e = findEngagement(tx, id, 'ID');
    if (e.status === 'closed') throw illegal(`engagement ${e.id} is already closed`);
    tx.updateEngagement(e.id, { status: 'closed', closedAt: env.now() });
    tx.audit({ at: env.now(), actor: env.actor, action: 'engagement.close', entity: 'engagement', entityId: e.id, details: null });
    return view(tx, tx.engagementById(e.id)!, officeSettings(tx));
  });
}
