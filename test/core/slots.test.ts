// The slot rules on hand-built data: no database, so each rule is seen alone.
import { describe, expect, it } from 'vitest';
import { listSlots, slotChecker, type ScheduleData } from '../../src/core/slots';
import { fmtTime } from '../../src/core/time';
import type { Block, Booking, DateOverride, Service, Staff, WeeklyHours } from '../../src/core/types';

const TZ = 'Europe/Paris';
const staff = (over: Partial<Staff> = {}): Staff => ({ id: 1, handle: 'alice', name: 'Alice', email: 'a@x.io', phone: null, tz: TZ, maxPerDay: null, maxPerWeek: null, active: true, ...over });
const service = (over: Partial<Service> = {}): Service => ({
  id: 1, code: 'intake', name: 'Intake', durationMin: 60, bufferBeforeMin: 0, bufferAfterMin: 0, intervalMin: null, minNoticeMin: 0, horizonMin: null, capacity: 1, format: 'in-person', location: null, active: true, ...over,
});
const weekly = (from = 540, to = 1020): WeeklyHours[] => [1, 2, 3, 4, 5].map((d) => ({ id: d, kind: 'weekly', weekday: d, startMin: from, endMin: to, validFrom: null, validUntil: null }));
/** An instant from a Paris wall time in December (UTC+1). */
const paris = (date: string, hm: string) => Date.parse(`${date}T${hm}:00+01:00`);
let nextId = 100;
const booking = (start: string, end: string, over: Partial<Booking> = {}): Booking => ({
  id: nextId++, staffId: 1, clientId: 1, serviceId: 1, startAt: paris('2026-12-01', start), endAt: paris('2026-12-01', end),
  bufferBeforeMin: 0, bufferAfterMin: 0, status: 'scheduled', format: 'in-person', tz: TZ, notes: null, seriesId: null, engagementId: null, externalId: null, sequence: 0,
  lateChange: false, cancelReason: null, rating: null, feedback: null, createdAt: 0, updatedAt: 0, ...over,
});

function checker(over: Partial<ScheduleData> = {}) {
  return slotChecker({
    staff: staff(), service: service(), now: Date.parse('2026-11-30T00:00:00Z'), displayTz: TZ,
    weekly: weekly(), overrides: [], blocks: [], sessions: [], ...over,
  });
}
const times = (c: ReturnType<typeof checker>, date = '2026-12-01') => listSlots(c, date, 1).map((s) => fmtTime(s.start, TZ));

describe('the grid and the windows', () => {
  it('starts sessions every duration from the start of each window, whole sessions only', () => {
    expect(times(checker())).toEqual(['09:00', '10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00']);
    expect(times(checker({ service: service({ durationMin: 90 }) }))).toEqual(['09:00', '10:30', '12:00', '13:30', '15:00']);
  });

  it('uses the interval when given', () => {
    const t = times(checker({ service: service({ intervalMin: 30 }) }));
    expect(t[0]).toBe('09:00');
    expect(t[1]).toBe('09:30');
    expect(t.at(-1)).toBe('16:00');
    expect(t).toHaveLength(15);
  });

  it('restarts the grid in each window of the day (a lunch break)', () => {
    const w = [...weekly(540, 720), ...weekly(810, 1020).map((x) => ({ ...x, id: x.id + 10 }))];
    expect(times(checker({ weekly: w, service: service({ durationMin: 45 }) }))).toEqual(['09:00', '09:45', '10:30', '11:15', '13:30', '14:15', '15:00', '15:45']);
  });

  it('restarts the grid at each window as set, even where two touch; a session may run on from one into the next', () => {
    const w = [...weekly(540, 600), ...weekly(600, 720).map((x) => ({ ...x, id: x.id + 10 }))];
    expect(times(checker({ weekly: w, service: service({ durationMin: 45 }) }))).toEqual(['09:00', '09:45', '10:00', '10:45']);
  });

  it('offers a session that runs on past midnight into the next day’s hours, as book accepts it', () => {
    // Saturday 22:00-24:00 and Sunday 00:00-02:00: a 90-minute session may start as late as 23:30.
    const w: WeeklyHours[] = [
      { id: 1, kind: 'weekly', weekday: 6, startMin: 1320, endMin: 1440, validFrom: null, validUntil: null },
      { id: 2, kind: 'weekly', weekday: 7, startMin: 0, endMin: 120, validFrom: null, validUntil: null },
    ];
    const c = checker({ weekly: w, service: service({ durationMin: 90, intervalMin: 30 }) });
    expect(times(c, '2026-12-05')).toEqual(['22:00', '22:30', '23:00', '23:30']);
    expect(c.check(paris('2026-12-05', '23:30')).problems).toEqual([]);
    expect(c.check(paris('2026-12-06', '00:45')).problems.map((p) => p.kind)).toEqual(['hours']);
    expect(times(c, '2026-12-06')).toEqual(['00:00', '00:30']);
  });

  it('keeps the grid on wall-clock times through a daylight saving change inside a window', () => {
    // Sunday 00:00-06:00 in Paris, a 45-minute service. Spring forward (28 Mar 2027): 02:15 does not exist,
    // and the grid goes on at 03:00, not at 03:15 (45 real minutes after 01:30).
    const sunday: WeeklyHours[] = [{ id: 1, kind: 'weekly', weekday: 7, startMin: 0, endMin: 360, validFrom: null, validUntil: null }];
    const c = checker({ weekly: sunday, service: service({ durationMin: 45 }), now: Date.parse('2027-01-01T00:00:00Z') });
    expect(times(c, '2027-03-28')).toEqual(['00:00', '00:45', '01:30', '03:00', '03:45', '04:30', '05:15']);
    // Fall back (31 Oct 2027): 02:15 happens twice, and each is a slot; the grid goes on at 03:00.
    expect(times(c, '2027-10-31')).toEqual(['00:00', '00:45', '01:30', '02:15 (UTC+2)', '02:15 (UTC+1)', '03:00', '03:45', '04:30', '05:15']);
    // Lord Howe Island moves its clocks by half an hour: the half-hour grid stays on :00 and :30.
    const howe = checker({ staff: staff({ tz: 'Australia/Lord_Howe' }), weekly: sunday, service: service({ durationMin: 60, intervalMin: 60 }), now: Date.parse('2027-01-01T00:00:00Z') });
    expect(listSlots(howe, '2027-10-03', 1).map((s) => fmtTime(s.start, 'Australia/Lord_Howe'))).toEqual(['00:00', '01:00', '03:00', '04:00', '05:00']);
  });

  it('lets a date override replace the weekly hours, or take the day off', () => {
    const hours: DateOverride[] = [{ id: 1, kind: 'override', date: '2026-12-01', off: false, startMin: 600, endMin: 720 }];
    expect(times(checker({ overrides: hours }))).toEqual(['10:00', '11:00']);
    expect(times(checker({ overrides: hours }), '2026-12-02')).toHaveLength(8);
    const off: DateOverride[] = [{ id: 2, kind: 'override', date: '2026-12-01', off: true, startMin: null, endMin: null }];
    expect(times(checker({ overrides: off }))).toEqual([]);
  });

  it('honours the validity period of weekly hours', () => {
    const w = weekly().map((x) => ({ ...x, validFrom: '2026-12-02' }));
    expect(times(checker({ weekly: w }))).toEqual([]);
    expect(times(checker({ weekly: w }), '2026-12-02')).toHaveLength(8);
  });

  it('refuses a session outside the windows and says what the hours are', () => {
    const r = checker().check(paris('2026-12-01', '16:30'));
    expect(r.problems.map((p) => p.kind)).toEqual(['hours']);
    expect(r.problems[0]!.message).toMatch(/outside alice's working hours \(Tue 1 Dec: 09:00-17:00/);
  });
});

describe('blocks, notice and horizon', () => {
  it('keeps sessions out of blocked time', () => {
    const blocks: Block[] = [{ id: 1, kind: 'block', startAt: paris('2026-12-01', '12:00'), endAt: paris('2026-12-01', '14:00'), reason: 'dentist', source: null }];
    expect(times(checker({ blocks }))).toEqual(['09:00', '10:00', '11:00', '14:00', '15:00', '16:00']);
    expect(checker({ blocks }).check(paris('2026-12-01', '12:30')).problems[0]!.message).toMatch(/alice is away .*\(dentist\)/);
  });

  it('needs the minimum notice and refuses the past', () => {
    const c = checker({ now: paris('2026-12-01', '09:30'), service: service({ minNoticeMin: 120 }) });
    expect(times(c)).toEqual(['12:00', '13:00', '14:00', '15:00', '16:00']);
    expect(c.check(paris('2026-12-01', '11:00')).problems[0]!.message).toBe('intake needs 2h notice: the earliest start is Tue 1 Dec 11:30');
    expect(c.check(paris('2026-12-01', '09:00')).problems[0]!.message).toMatch(/is in the past/);
  });

  it('does not book beyond the horizon', () => {
    const c = checker({ now: paris('2026-11-30', '09:00'), service: service({ horizonMin: 2 * 1440 }) });
    expect(times(c, '2026-12-02')).toHaveLength(1); // only 09:00 is within 48 h of Mon 09:00
    expect(times(c, '2026-12-03')).toEqual([]);
    expect(c.check(paris('2026-12-01', '12:00')).problems).toEqual([]);
  });
});

describe('free: sessions and their buffers', () => {
  it('does not overlap another session', () => {
    const c = checker({ sessions: [booking('10:00', '11:00')] });
    expect(times(c)).not.toContain('10:00');
    expect(times(c)).toContain('11:00');
    const half = checker({ sessions: [booking('10:30', '11:30')], service: service({ intervalMin: 30 }) });
    expect(times(half)).not.toContain('10:00');
    expect(times(half)).not.toContain('11:00');
    expect(times(half)).toContain('11:30');
  });

  it("keeps out of the other session's buffers", () => {
    const c = checker({ sessions: [booking('10:00', '11:00', { bufferAfterMin: 15 })], service: service({ intervalMin: 15 }) });
    expect(c.check(paris('2026-12-01', '11:00')).problems[0]!.message).toMatch(/alice is already booked Tue 1 Dec 10:00-11:00 \(booking \d+, 15 min buffer after/);
    expect(c.check(paris('2026-12-01', '11:15')).problems).toEqual([]);
  });

  it("keeps the other session out of this session's buffers", () => {
    const c = checker({ sessions: [booking('10:00', '11:00')], service: service({ bufferBeforeMin: 30, intervalMin: 30 }) });
    expect(c.check(paris('2026-12-01', '11:00')).problems.map((p) => p.kind)).toEqual(['overlap']);
    expect(c.check(paris('2026-12-01', '11:30')).problems).toEqual([]);
    const after = checker({ sessions: [booking('12:00', '13:00')], service: service({ bufferAfterMin: 30, intervalMin: 30 }) });
    expect(after.check(paris('2026-12-01', '11:00')).problems.map((p) => p.kind)).toEqual(['overlap']);
    expect(after.check(paris('2026-12-01', '10:30')).problems).toEqual([]);
  });

  it('lets buffers overlap each other', () => {
    const c = checker({ sessions: [booking('10:00', '11:00', { bufferAfterMin: 15 })], service: service({ bufferBeforeMin: 15, intervalMin: 15 }) });
    expect(c.check(paris('2026-12-01', '11:15')).problems).toEqual([]);
  });

  it('ignores cancelled sessions (the store never loads them) and the session being rescheduled', () => {
    const b = booking('10:00', '11:00');
    expect(checker({ sessions: [b] }).check(b.startAt, { ignoreBookingId: b.id }).problems).toEqual([]);
  });

  it('refuses a client who is already in a session, with anyone', () => {
    const other = { ...booking('10:30', '11:30', { staffId: 2, clientId: 7 }), staffHandle: 'bob' };
    const r = checker().check(paris('2026-12-01', '10:00'), { clientSessions: [other], clientName: 'Ana Lima' });
    expect(r.problems.map((p) => p.kind)).toEqual(['client']);
    expect(r.problems[0]!.message).toMatch(/Ana Lima is already booked Tue 1 Dec 10:30-11:30 with bob/);
  });
});

describe('group sessions', () => {
  it('takes up to capacity clients at the same start and counts seats', () => {
    const svc = service({ capacity: 3 });
    const two = [booking('10:00', '11:00', { clientId: 2 }), booking('10:00', '11:00', { clientId: 3 })];
    const c = checker({ service: svc, sessions: two });
    const at10 = listSlots(c, '2026-12-01', 1).find((s) => fmtTime(s.start, TZ) === '10:00');
    expect(at10?.seats).toBe(1);
    expect(listSlots(c, '2026-12-01', 1).find((s) => fmtTime(s.start, TZ) === '09:00')?.seats).toBe(3);
    const full = checker({ service: svc, sessions: [...two, booking('10:00', '11:00', { clientId: 4 })] });
    const r = full.check(paris('2026-12-01', '10:00'));
    expect(r.problems.map((p) => p.kind)).toEqual(['full']);
    expect(r.seats).toBe(0);
  });

  it('joins a group session whose members were booked before the service\'s duration was edited', () => {
    // Booked at 90 minutes; the workshop is now 60: a third client still joins the 10:00 session.
    const two = [booking('10:00', '11:30', { clientId: 2 }), booking('10:00', '11:30', { clientId: 3 })];
    const c = checker({ service: service({ capacity: 3 }), sessions: two });
    const r = c.check(paris('2026-12-01', '10:00'));
    expect([r.problems, r.seats]).toEqual([[], 1]);
    // The staff member is busy until 11:30 for anything else.
    expect(c.check(paris('2026-12-01', '11:00')).problems.map((p) => p.kind)).toEqual(['overlap']);
    // Members of 90 and 60 minutes are still one session for the daily limit: a second session that day fits.
    const mixed = [two[0]!, booking('10:00', '11:00', { clientId: 4 })];
    expect(checker({ staff: staff({ maxPerDay: 2 }), service: service({ capacity: 3 }), sessions: mixed }).check(paris('2026-12-01', '14:00')).problems).toEqual([]);
  });

  it('does not let another service join a group session', () => {
    const c = checker({ service: service({ capacity: 3 }), sessions: [booking('10:00', '11:00', { serviceId: 2 })] });
    expect(c.check(paris('2026-12-01', '10:00')).problems.map((p) => p.kind)).toEqual(['overlap']);
  });
});

describe('limits', () => {
  it('respects the daily limit on the local calendar; a group session counts once', () => {
    const s = staff({ maxPerDay: 2 });
    const c = checker({ staff: s, sessions: [booking('09:00', '10:00'), booking('11:00', '12:00')] });
    expect(times(c)).toEqual([]);
    expect(c.check(paris('2026-12-01', '14:00')).problems[0]!.message).toBe('alice already has 2 sessions on Tue 1 Dec (at most 2 a day)');
    expect(times(c, '2026-12-02')).toHaveLength(8);
    const group = checker({ staff: s, service: service({ capacity: 4 }), sessions: [booking('09:00', '10:00', { clientId: 2 }), booking('09:00', '10:00', { clientId: 3 })] });
    // Two clients in one group session: one session, so the day still has room under a limit of 2...
    expect(times(group)).toHaveLength(8);
    // ...and under a limit of 1 only joining that group remains.
    const one = checker({ staff: staff({ maxPerDay: 1 }), service: service({ capacity: 4 }), sessions: [booking('09:00', '10:00', { clientId: 2 }), booking('09:00', '10:00', { clientId: 3 })] });
    expect(times(one)).toEqual(['09:00']);
  });

  it('counts the local day: 23:30 UTC is already tomorrow in Paris', () => {
    const s = staff({ maxPerDay: 1 });
    const late = booking('00:00', '01:00');
    late.startAt = Date.parse('2026-11-30T23:30:00Z');
    late.endAt = Date.parse('2026-12-01T00:30:00Z');
    expect(times(checker({ staff: s, sessions: [late] }))).toEqual([]);
  });

  it('respects the weekly limit', () => {
    const c = checker({ staff: staff({ maxPerWeek: 2 }), sessions: [booking('09:00', '10:00'), { ...booking('09:00', '10:00'), startAt: paris('2026-12-03', '09:00'), endAt: paris('2026-12-03', '10:00') }] });
    expect(times(c, '2026-12-04')).toEqual([]);
    expect(times(c, '2026-12-07')).toHaveLength(8);
  });
});

describe('--force', () => {
  it('waives hours, blocks, notice and limits, never an overlap', () => {
    const blocks: Block[] = [{ id: 1, kind: 'block', startAt: paris('2026-12-01', '18:00'), endAt: paris('2026-12-01', '20:00'), reason: null, source: null }];
    const c = checker({ blocks, staff: staff({ maxPerDay: 1 }), sessions: [booking('09:00', '10:00')], now: paris('2026-12-01', '18:30') });
    const r = c.check(paris('2026-12-01', '18:00'), { force: true });
    expect(r.problems).toEqual([]);
    expect(r.waived.map((p) => p.kind).sort()).toEqual(['block', 'daily_limit', 'hours', 'past']);
    expect(c.check(paris('2026-12-01', '09:30'), { force: true }).problems.map((p) => p.kind)).toEqual(['overlap']);
  });

  it('never waives the horizon or the weekly limit for book; an import waives the weekly limit', async () => {
    const { IMPORT_FORCEABLE } = await import('../../src/core/slots');
    const c = checker({ staff: staff({ maxPerWeek: 1 }), service: service({ horizonMin: 7 * 24 * 60 }), sessions: [booking('09:00', '10:00')] });
    expect(c.check(paris('2026-12-02', '10:00'), { force: true }).problems.map((p) => p.kind)).toEqual(['weekly_limit']);
    expect(c.check(paris('2026-12-09', '10:00'), { force: true }).problems.map((p) => p.kind)).toEqual(['horizon']);
    expect(c.check(paris('2026-12-02', '10:00'), { force: true, forceable: IMPORT_FORCEABLE }).problems).toEqual([]);
  });
});
