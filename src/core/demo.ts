// A demo office around the current week, built through the same rules as real use: the clock is moved
// to a moment before each past session so it is booked with notice, then moved on to complete it.
import { invalid } from '../errors';
import { addBlock, setWeeklyHours } from './availability-rules';
import { book } from './booking';
import { addClient } from './clients';
import type { Env } from './env';
import { cancel, complete, confirm, noShow, rate, addNote } from './lifecycle';
import { addService } from './services';
import { setSetting } from './settings';
import { loadChecker } from './schedule';
import { listSlots } from './slots';
import { addStaff } from './staff';
import { addDays, atText, boundaryToInstant, localDate, weekStart } from './time';
import type { Booking } from './types';

export const DEMO_MARK = 'demo_office';
export const DEMO_ZONE = 'Europe/Paris';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic generator, so the same SCHED_NOW gives the same office. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CLIENTS: Array<[string, string, string | null]> = [
  ['Ana Lima', 'ana.lima@example.com', 'America/Sao_Paulo'],
  ['Ben Okafor', 'ben.okafor@example.com', 'Europe/London'],
  ['Chloé Dubois', 'chloe.dubois@example.com', 'Europe/Paris'],
  ['Dev Patel', 'dev.patel@example.com', 'Asia/Kolkata'],
  ['Emma Schmidt', 'emma.schmidt@example.com', 'Europe/Berlin'],
  ['Farid Haddad', 'farid.haddad@example.com', null],
  ['Grace Kim', 'grace.kim@example.com', 'America/New_York'],
  ['Hugo Rossi', 'hugo.rossi@example.com', 'Europe/Rome'],
  ['Ines García', 'ines.garcia@example.com', 'Europe/Madrid'],
  ['Jonas Berg', 'jonas.berg@example.com', 'Europe/Oslo'],
];

export interface DemoSummary {
  weekStart: string;
  bookings: number;
  byStatus: Record<string, number>;
}

export function seedDemo(env: Env): DemoSummary {
  if (!env.store.read((tx) => tx.isEmpty())) throw invalid('this database already has data', 'use --reset to replace a demo database, or another --db');
  const realNow = env.now();
  const at = (ms: number): Env => ({ ...env, now: () => ms });
  env.store.write((tx) => tx.setSetting(DEMO_MARK, 'true'));
  setSetting(env, 'office_name', 'Northwind Consulting');
  setSetting(env, 'default_tz', DEMO_ZONE);

  // Staff in three zones, with the week's hours.
  addStaff(env, 'alice', { name: 'Alice Martin', email: 'alice@northwind.example', tz: 'Europe/Paris', phone: '+33 1 84 88 00 01', maxPerDay: '6' });
  addStaff(env, 'bob', { name: 'Bob Carter', email: 'bob@northwind.example', tz: 'America/New_York', phone: '+1 212 555 0102' });
  addStaff(env, 'chen', { name: 'Chen Wei', email: 'chen@northwind.example', tz: 'Asia/Singapore', maxPerWeek: '20' });
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '09:00', to: '12:30' }, true);
  setWeeklyHours(env, 'alice', { days: 'mon-fri', from: '13:30', to: '17:00' }, false);
  setWeeklyHours(env, 'bob', { days: 'mon-thu', from: '08:00', to: '16:00' }, true);
  setWeeklyHours(env, 'bob', { days: 'fri', from: '08:00', to: '12:00' }, true);
  setWeeklyHours(env, 'chen', { days: 'mon-fri', from: '10:00', to: '18:00' }, true);

  addService(env, 'intake', { name: 'Intake interview', duration: '60', bufferAfter: '15', minNotice: '2h', format: 'in-person' });
  addService(env, 'coaching', { name: 'Coaching session', duration: '45', bufferBefore: '15', interval: '30', minNotice: '1h', format: 'video' });
  addService(env, 'workshop', { name: 'Group workshop', duration: '90', capacity: '6', format: 'in-person' });
  const clients = CLIENTS.map(([name, email, tz]) => addClient(env, { name, email, tz: tz ?? undefined }).id);

  const thisMonday = weekStart(localDate(realNow, DEMO_ZONE));
  const lastMonday = addDays(thisMonday, -7);
  // Chen is on leave on Friday of next week: a holiday block.
  const leave = addDays(thisMonday, 11);
  addBlock(env, 'chen', { from: leave, to: leave, reason: 'public holiday' });

  const rnd = random(Date.parse(`${thisMonday}T00:00:00Z`) / DAY);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const made: Booking[] = [];

  // Books `service` with `staff` for `client` at the first free slot on `date` at or after `hour` (staff zone).
  const bookOn = (staff: string, service: string, client: number, date: string, hour: number, extra: Partial<Parameters<typeof book>[1]> = {}) => {
    const found = env.store.read((tx) => {
      const st = tx.staffByHandle(staff)!;
      const sv = tx.serviceByCode(service)!;
      const from = boundaryToInstant(date, 0, st.tz);
      const checker = loadChecker(tx, st, sv, from, from + DAY, from - 7 * DAY, st.tz);
      const clientSessions = tx.clientSessions(client, from - DAY, from + 2 * DAY);
      const slot = listSlots(checker, date, 1, { clientSessions }).find((x) => x.start >= boundaryToInstant(date, hour * 60, st.tz));
      return slot && { start: slot.start, tz: st.tz };
    });
    if (!found) return undefined;
    const when = at(Math.min(realNow, found.start - 3 * DAY));
    const r = book(when, { staff, service, client: String(client), at: atText(found.start, found.tz), ...extra });
    made.push(...r.bookings);
    return r.bookings;
  };

  // Three weeks of ordinary sessions: last week, this week, next week.
  const plan: Array<[string, string]> = [['alice', 'intake'], ['alice', 'coaching'], ['bob', 'coaching'], ['bob', 'intake'], ['chen', 'coaching']];
  for (let d = 0; d < 19; d++) {
    const date = addDays(lastMonday, d);
    const wd = d % 7;
    if (wd >= 5) continue;
    const [staff, service] = plan[d % plan.length]!;
    bookOn(staff, service, pick(clients), date, 9 + Math.floor(rnd() * 4), { notes: rnd() < 0.3 ? 'First meeting; bring the questionnaire.' : undefined });
    const [staff2, service2] = plan[(d + 2) % plan.length]!;
    bookOn(staff2, service2, pick(clients), date, 13 + Math.floor(rnd() * 3));
    if (d % 3 === 0) bookOn('chen', 'intake', pick(clients), date, 15);
  }
  // A weekly coaching series that started last week.
  bookOn('alice', 'coaching', clients[2]!, addDays(lastMonday, 1), 15, { repeat: 'weekly', count: '4', skipConflicts: true });
  // A group workshop this Thursday with four participants.
  const wsDate = addDays(thisMonday, 3);
  const first = bookOn('bob', 'workshop', clients[0]!, wsDate, 10);
  if (first?.[0]) {
    for (const c of [clients[3]!, clients[6]!, clients[8]!]) {
      const r = book(at(Math.min(realNow, first[0].startAt - 2 * DAY)), { staff: 'bob', service: 'workshop', client: String(c), at: new Date(first[0].startAt).toISOString() });
      made.push(...r.bookings);
    }
  }

  // Life cycle: what happened to past sessions, and what is confirmed ahead.
  for (const b of made) {
    const roll = rnd();
    if (b.endAt <= realNow) {
      confirm(at(b.startAt - 2 * DAY), b.id);
      // After its confirmation (two days before): on the eve, or late on the day.
      if (roll < 0.12) cancel(at(b.startAt - (rnd() < 0.5 ? 6 * HOUR : DAY)), { id: b.id, reason: pick(['client ill', 'schedule conflict', 'travel']) });
      else if (roll < 0.25) noShow(at(b.startAt + 15 * 60_000), b.id);
      else {
        complete(at(b.endAt), b.id, rnd() < 0.4 ? 'Good progress; next step agreed.' : undefined);
        if (rnd() < 0.6) rate(at(b.endAt + HOUR), b.id, String(3 + Math.floor(rnd() * 3)), rnd() < 0.5 ? 'Very helpful.' : undefined);
      }
    } else if (b.startAt > realNow) {
      if (roll < 0.45) confirm(at(Math.min(realNow, b.startAt - DAY)), b.id);
      else if (roll < 0.55) cancel(at(Math.min(realNow, b.startAt - DAY)), { id: b.id, reason: 'client asked to postpone' });
      if (roll > 0.9) addNote(at(realNow), b.id, 'Client prefers video if possible.');
    }
  }

  const byStatus: Record<string, number> = {};
  const all = env.store.read((tx) => tx.listBookings({}));
  for (const b of all) byStatus[b.status] = (byStatus[b.status] ?? 0) + 1;
  return { weekStart: thisMonday, bookings: all.length, byStatus };
}
