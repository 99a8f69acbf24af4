// Services: what can be booked, how long it lasts, its buffers, notice, horizon and capacity.
import { fieldReader, invalid, notFound, usage } from '../errors';
import type { Tx } from '../db/store';
import { durationWithin as minutes } from './duration';
import type { Env } from './env';
import { sessionKey } from './slots';
import { OPEN_STATUSES, type Booking, type Service } from './types';
import * as v from './validate';

export interface ServiceInput {
  name?: string;
  duration?: string;
  bufferBefore?: string;
  bufferAfter?: string;
  interval?: string;
  minNotice?: string;
  /** A duration, or "none" for no limit. */
  horizon?: string;
  capacity?: string;
  format?: string;
  /** "none" clears it. */
  location?: string;
  active?: boolean;
}

/**
 * The service of a code in any case: INTAKE is intake (as a handle or an email is). The exact spelling first: two
 * codes that differ only in case (made before codes were matched so) are told apart only that way.
 */
export function serviceOfCode(tx: Tx, code: string, field = '--service'): Service | undefined {
  const exact = tx.serviceByCode(code.trim());
  if (exact) return exact;
  const wanted = code.trim().toLowerCase();
  const same = tx.listServices().filter((x) => x.code.toLowerCase() === wanted);
  if (same.length > 1) throw invalid(`${field}: "${code}" could be ${same.map((x) => x.code).join(' or ')}`, 'give the code exactly as sched service list shows it');
  return same[0];
}

export function findService(tx: Tx, code: string, field = '--service'): Service {
  const s = serviceOfCode(tx, code, field);
  if (!s) throw notFound(`${field}: unknown service "${code}"`, 'see sched service list');
  return s;
}

const DAY = 1440;
/** The longest session and the longest buffer, in minutes: the store bounds its range queries on start_at by them. */
export const MAX_DURATION_MIN = DAY;
export const MAX_BUFFER_MIN = DAY;


export function readServiceInput(input: ServiceInput, name: v.FieldNames = v.flagNames): Partial<Omit<Service, 'id' | 'code'>> {
  const out: Partial<Omit<Service, 'id' | 'code'>> = {};
  const f = fieldReader();
  if (input.name !== undefined) out.name = f.field(input.name, (x) => v.text(x, name('name')));
  if (input.duration !== undefined) out.durationMin = f.field(input.duration, (x) => minutes(x, name('duration'), 5, MAX_DURATION_MIN));
  if (input.bufferBefore !== undefined) out.bufferBeforeMin = f.field(input.bufferBefore, (x) => minutes(x, name('bufferBefore'), 0, MAX_BUFFER_MIN));
  if (input.bufferAfter !== undefined) out.bufferAfterMin = f.field(input.bufferAfter, (x) => minutes(x, name('bufferAfter'), 0, MAX_BUFFER_MIN));
  if (input.interval !== undefined) out.intervalMin = f.field(input.interval, (x) => ['', 'none'].includes(x.trim().toLowerCase()) ? null : minutes(x, name('interval'), 5, DAY));
  if (input.minNotice !== undefined) out.minNoticeMin = f.field(input.minNotice, (x) => minutes(x, name('minNotice'), 0, 365 * DAY));
  if (input.horizon !== undefined) out.horizonMin = f.field(input.horizon, (x) => ['', 'none'].includes(x.trim().toLowerCase()) ? null : minutes(x, name('horizon'), 60, 5 * 365 * DAY));
  if (input.capacity !== undefined) out.capacity = f.field(input.capacity, (x) => v.int(x, name('capacity'), 1, 1000));
  if (input.format !== undefined) out.format = f.field(input.format, (x) => v.format(x, name('format')));
  if (input.location !== undefined) out.location = f.field(input.location, (x) => ['', 'none'].includes(x.trim().toLowerCase()) ? null : v.text(x, name('location'), 300));
  if (input.active !== undefined) out.active = input.active;
  f.done();
  return out;
}

export function addService(env: Env, code: string, input: ServiceInput): Service {
  const c = v.code(code, 'CODE');
  if (input.name === undefined) throw invalid('--name is required', `sched service add ${c} --name NAME --duration MIN`);
  if (input.duration === undefined) throw invalid('--duration is required', `sched service add ${c} --name NAME --duration 60`);
  const f = readServiceInput(input);
  return env.store.write((tx) => {
    const same = serviceOfCode(tx, c, 'CODE');
    if (same) throw invalid(`service "${same.code}" already exists${same.code === c ? '' : ` (codes are the same in any case)`}`, `change it with sched service edit ${same.code}, or choose another code`);
    const s = tx.insertService({
      code: c, name: f.name!, durationMin: f.durationMin!, bufferBeforeMin: f.bufferBeforeMin ?? 0, bufferAfterMin: f.bufferAfterMin ?? 0,
      intervalMin: f.intervalMin ?? null, minNoticeMin: f.minNoticeMin ?? 0, horizonMin: f.horizonMin ?? null,
      capacity: f.capacity ?? 1, format: f.format ?? 'in-person', location: f.location ?? null, active: true,
    });
    tx.audit({ at: env.now(), actor: env.actor, action: 'service.add', entity: 'service', entityId: c, details: f });
    return s;
  });
}

/**
 * Group sessions still to come with more clients than the service's seats now: after `service edit --capacity`
 * they stay booked (nobody is turned away by an edit), and the office is told which to sort out.
 */
export function groupsOverCapacity(env: Env, service: Service): Array<{ first: Booking; clients: number }> {
  return env.store.read((tx) => {
    const groups = new Map<string, Booking[]>();
    for (const b of tx.listBookings({ serviceId: service.id, fromMs: env.now(), statuses: OPEN_STATUSES })) {
      const key = `${b.staffId}@${sessionKey(b)}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(b);
    }
    return [...groups.values()].filter((g) => g.length > service.capacity).map((g) => ({ first: g[0]!, clients: g.length }));
  });
}

export function editService(env: Env, code: string, input: ServiceInput): Service {
  const f = readServiceInput(input);
  if (Object.keys(f).length === 0) throw usage('nothing to change', 'give at least one option, e.g. --duration 45');
  return env.store.write((tx) => {
    const s = findService(tx, code, 'CODE');
    tx.updateService(s.id, f);
    tx.audit({ at: env.now(), actor: env.actor, action: 'service.edit', entity: 'service', entityId: s.code, details: f });
    return tx.serviceById(s.id)!;
  });
}
