// Staff, clients and services from CSV: the same readers and checks as `sched staff|client|service add/edit`
// (field names are the columns), keyed by the natural key (staff handle, client email, service code) so that
// importing a file twice changes nothing.
import { readClientInput } from '../clients';
import { readServiceInput, serviceOfCode } from '../services';
import { readStaffInput } from '../staff';
import * as v from '../validate';
import { fieldReader } from '../../errors';
import { eachRow, given, keyedRow, updateRecord, type ImportKind, type RowOutcome } from './kind';

/** An empty cell of a column whose "none" is a number (no buffer, no notice): that number. */
const orZero = (cells: Record<string, string>, column: string, zero = '0') => {
  const value = given(cells, column);
  return value !== undefined && value.trim() === '' ? zero : value;
};

const active = (cells: Record<string, string>) => (given(cells, 'active')?.trim() ? v.bool(cells.active!, 'active') : undefined);

export const staff: ImportKind = {
  columns: ['handle', 'name', 'email', 'tz', 'phone', 'max_per_day', 'max_per_week', 'active'],
  keys: ['handle'],
  unique: 'handle',
  begin: eachRow((tx, env, row): RowOutcome => {
    // Every problem of the row is listed, not only the first.
    const f = fieldReader();
    const { key: handle, existing, cells: c } = keyedRow(f, row, () => v.handle(row.handle ?? '', 'handle'), (h) => tx.staffByHandle(h), ['name', 'email', 'tz'], 'staff member');
    const fields = f.read(() => readStaffInput({ name: given(c, 'name'), email: given(c, 'email'), tz: given(c, 'tz'), phone: given(c, 'phone'), maxPerDay: given(c, 'max_per_day'), maxPerWeek: given(c, 'max_per_week') }, v.columnNames));
    const isActive = f.read(() => active(c));
    f.done();
    if (!existing) {
      tx.insertStaff({ handle, name: fields.name!, email: fields.email!, tz: fields.tz!, phone: fields.phone ?? null, maxPerDay: fields.maxPerDay ?? null, maxPerWeek: fields.maxPerWeek ?? null, active: isActive ?? true });
      tx.audit({ at: env.now(), actor: env.actor, action: 'staff.import', entity: 'staff', entityId: handle, details: fields });
      return 'created';
    }
    return updateRecord(existing, { ...fields, active: isActive }, (patch) => {
      tx.updateStaff(existing.id, patch);
      tx.audit({ at: env.now(), actor: env.actor, action: 'staff.import', entity: 'staff', entityId: handle, details: patch });
    });
  }),
};

export const clients: ImportKind = {
  columns: ['email', 'name', 'phone', 'tz'],
  keys: ['email'],
  unique: 'email',
  begin: eachRow((tx, env, row): RowOutcome => {
    const f = fieldReader();
    const { key: email, existing, cells: c } = keyedRow(f, row, () => v.email(row.email ?? '', 'email'), (e) => tx.clientByEmail(e), ['name'], 'client');
    const fields = f.read(() => readClientInput({ name: given(c, 'name'), tz: given(c, 'tz'), phone: given(c, 'phone') }, v.columnNames));
    f.done();
    if (!existing) {
      const made = tx.insertClient({ name: fields.name!, email, tz: fields.tz ?? null, phone: fields.phone ?? null });
      tx.audit({ at: env.now(), actor: env.actor, action: 'client.import', entity: 'client', entityId: made.id, details: { email, ...fields } });
      return 'created';
    }
    return updateRecord(existing, fields, (patch) => {
      tx.updateClient(existing.id, patch);
      tx.audit({ at: env.now(), actor: env.actor, action: 'client.import', entity: 'client', entityId: existing.id, details: patch });
    });
  }),
};

export const services: ImportKind = {
  columns: ['code', 'name', 'duration', 'buffer_before', 'buffer_after', 'interval', 'min_notice', 'horizon', 'capacity', 'format', 'location', 'active'],
  keys: ['code'],
  unique: 'code',
  begin: eachRow((tx, env, row): RowOutcome => {
    const f = fieldReader();
    const { key: code, existing, cells: c } = keyedRow(f, row, () => v.code(row.code ?? '', 'code'), (k) => serviceOfCode(tx, k, 'code'), ['name', 'duration'], 'service');
    const fields = f.read(() => readServiceInput({
      name: given(c, 'name'), duration: given(c, 'duration'), bufferBefore: orZero(c, 'buffer_before'), bufferAfter: orZero(c, 'buffer_after'),
      interval: given(c, 'interval'), minNotice: orZero(c, 'min_notice'), horizon: given(c, 'horizon'), capacity: orZero(c, 'capacity', '1'),
      format: given(c, 'format'), location: given(c, 'location'), active: f.read(() => active(c)),
    }, v.columnNames));
    f.done();
    if (!existing) {
      tx.insertService({
        code, name: fields.name!, durationMin: fields.durationMin!, bufferBeforeMin: fields.bufferBeforeMin ?? 0, bufferAfterMin: fields.bufferAfterMin ?? 0,
        intervalMin: fields.intervalMin ?? null, minNoticeMin: fields.minNoticeMin ?? 0, horizonMin: fields.horizonMin ?? null, capacity: fields.capacity ?? 1,
        format: fields.format ?? 'in-person', location: fields.location ?? null, active: fields.active ?? true,
      });
      tx.audit({ at: env.now(), actor: env.actor, action: 'service.import', entity: 'service', entityId: code, details: fields });
      return 'created';
    }
    return updateRecord(existing, fields, (patch) => {
      tx.updateService(existing.id, patch);
      tx.audit({ at: env.now(), actor: env.actor, action: 'service.import', entity: 'service', entityId: existing.code, details: patch });
    });
  }),
};

