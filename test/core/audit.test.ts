// Audit details as `sched audit` shows them: the log's own camelCase keys and epoch milliseconds, read back in
// the words of the rest of sched's JSON.
import { describe, expect, it } from 'vitest';
import { readableDetails } from '../../src/core/audit';

const at = (iso: string) => Date.parse(iso);

describe('readableDetails', () => {
  it('names keys in snake_case and shows instants (keys ending in At) with the offset of the zone', () => {
    const created = { staff: 'alice', client: 3, service: 'intake', startAt: at('2026-12-01T13:00:00Z'), endAt: at('2026-12-01T14:00:00Z'), status: 'scheduled', seriesId: null, forced: false };
    expect(readableDetails(created, 'Europe/Paris')).toEqual({
      staff: 'alice', client: 3, service: 'intake', start_at: '2026-12-01T14:00:00+01:00', end_at: '2026-12-01T15:00:00+01:00', status: 'scheduled', series_id: null, forced: false,
    });
  });

  it("shows both ends of a reschedule's from and to as instants, and leaves a status change's from and to as words", () => {
    const moved = { from: [at('2026-12-01T13:00:00Z'), at('2026-12-01T14:00:00Z')], to: [at('2026-12-02T13:00:00Z'), at('2026-12-02T14:00:00Z')], late: false, sequence: 1 };
    expect(readableDetails(moved, 'UTC')).toEqual({
      from: ['2026-12-01T13:00:00+00:00', '2026-12-01T14:00:00+00:00'], to: ['2026-12-02T13:00:00+00:00', '2026-12-02T14:00:00+00:00'], late: false, sequence: 1,
    });
    expect(readableDetails({ from: 'scheduled', to: 'confirmed', text: null }, 'UTC')).toEqual({ from: 'scheduled', to: 'confirmed', text: null });
  });

  it('shows minutes after midnight as HH:MM and leaves durations in minutes as numbers', () => {
    const weekly = { kind: 'weekly', weekday: 1, startMin: 540, endMin: 1440, validFrom: '2026-12-01', validUntil: null };
    expect(readableDetails(weekly, 'UTC')).toEqual({ kind: 'weekly', weekday: 1, start_min: '09:00', end_min: '24:00', valid_from: '2026-12-01', valid_until: null });
    expect(readableDetails({ client: 1, budgetMin: 600, until: '2027-03-31', name: 'Q1' }, 'UTC')).toEqual({ client: 1, budget_min: 600, until: '2027-03-31', name: 'Q1' });
  });

  it('reads nested records the same way and leaves what is not an object as it is', () => {
    expect(readableDetails({ rule: { kind: 'block', startAt: at('2026-12-24T00:00:00Z') } }, 'America/New_York')).toEqual({ rule: { kind: 'block', start_at: '2026-12-23T19:00:00-05:00' } });
    expect(readableDetails(null, 'UTC')).toBeNull();
    expect(readableDetails('text', 'UTC')).toBe('text');
    expect(readableDetails([1, 2], 'UTC')).toEqual([1, 2]);
  });
});
