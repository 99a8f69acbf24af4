// Staff members: who can be booked, in which zone, with which limits.
import { fieldReader, invalid, notFound, usage } from '../errors';
import type { Tx } from '../db/store';
import type { Env } from './env';
import { checkZone } from './time';
import { OPEN_STATUSES, type Staff } from './types';
import * as v from './validate';

export interface StaffInput {
  name?: string;
  email?: string;
  tz?: string;
  phone?: string;
  /** A number, or "none" to lift the limit. */
  maxPerDay?: string;
  maxPerWeek?: string;
}

export function findStaff(tx: Tx, handle: string, field?: string): Staff {
  const s = tx.staffByHandle(handle.trim().toLowerCase());
  if (!s) throw notFound(`${field ? `${field}: ` : ''}unknown staff member "${handle}"`, 'see sched staff list');
  return s;
}

const limit = (value: string, field: string) => (['', 'none'].includes(value.trim().toLowerCase()) ? null : v.int(value, field, 1, 1000));

export function readStaffInput(input: StaffInput, name: v.FieldNames = v.flagNames): Partial<Omit<Staff, 'id' | 'handle' | 'active'>> {
  const out: Partial<Omit<Staff, 'id' | 'handle' | 'active'>> = {};
  const f = fieldReader();
  if (input.name !== undefined) out.name = f.field(input.name, (x) => v.text(x, name('name')));
  if (input.email !== undefined) out.email = f.field(input.email, (x) => v.email(x, name('email')));
  if (input.tz !== undefined) out.tz = f.field(input.tz, (x) => checkZone(x, name('tz')));
  if (input.phone !== undefined) out.phone = f.field(input.phone, (x) => x.trim() === '' ? null : v.phone(x, name('phone')));
  if (input.maxPerDay !== undefined) out.maxPerDay = f.field(input.maxPerDay, (x) => limit(x, name('maxPerDay')));
  if (input.maxPerWeek !== undefined) out.maxPerWeek = f.field(input.maxPerWeek, (x) => limit(x, name('maxPerWeek')));
  f.done();
  return out;
}

export function addStaff(env: Env, handle: string, input: StaffInput): Staff {
  const h = v.handle(handle, 'HANDLE');
  for (const [field, value] of [['--name', input.name], ['--email', input.email], ['--tz', input.tz]] as const) {
    if (value === undefined) throw invalid(`${field} is required`, `sched staff add ${h} --name NAME --email EMAIL --tz ZONE`);
  }
  const fields = readStaffInput(input);
  return env.store.write((tx) => {
    if (tx.staffByHandle(h)) throw invalid(`staff member "${h}" already exists`, `change them with sched staff edit ${h}`);
    const staff = tx.insertStaff({
      handle: h, name: fields.name!, email: fields.email!, tz: fields.tz!, phone: fields.phone ?? null,
      maxPerDay: fields.maxPerDay ?? null, maxPerWeek: fields.maxPerWeek ?? null, active: true,
    });
    tx.audit({ at: env.now(), actor: env.actor, action: 'staff.add', entity: 'staff', entityId: h, details: fields });
    return staff;
  });
}

export function editStaff(env: Env, handle: string, input: StaffInput & { active?: boolean }): Staff {
  const fields = readStaffInput(input);
  const patch = input.active === undefined ? fields : { ...fields, active: input.active };
  if (Object.keys(patch).length === 0) throw usage('nothing to change', 'give at least one of --name --email --tz --phone --max-per-day --max-per-week --active');
  return env.store.write((tx) => {
    const s = findStaff(tx, handle);
    tx.updateStaff(s.id, patch);
    tx.audit({ at: env.now(), actor: env.actor, action: 'staff.edit', entity: 'staff', entityId: s.handle, details: patch });
    return tx.staffById(s.id)!;
  });
}

/**
 * Deactivates: the staff member can no longer be booked, their history stays. Sessions still to come stay
 * booked (the office decides whether to move or cancel them): `upcoming` says how many, so the user is told.
 */
export function removeStaff(env: Env, handle: string): { staff: Staff; upcoming: number } {
  return env.store.write((tx) => {
    const s = findStaff(tx, handle);
    if (!s.active) throw invalid(`${s.handle} is already inactive`);
    tx.updateStaff(s.id, { active: false });
    tx.audit({ at: env.now(), actor: env.actor, action: 'staff.remove', entity: 'staff', entityId: s.handle });
    const upcoming = tx.listBookings({ staffId: s.id, fromMs: env.now(), statuses: OPEN_STATUSES }).filter((b) => b.startAt >= env.now()).length;
    return { staff: { ...s, active: false }, upcoming };
  });
}

/**
 * The zone wall times for "any" staff member are read in (without --tz): the one they all work in, as for a
 * named staff member; when their zones differ, the office's (default_tz).
 */
export function anyZone(staff: readonly Staff[], officeZone: string): string {
  const zones = new Set(staff.map((s) => s.tz));
  return zones.size === 1 ? staff[0]!.tz : officeZone;
}
