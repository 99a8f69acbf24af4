// Availability from CSV, read as the `sched avail` commands read their options. A file states what it covers:
// - `weekly` rows are the complete weekly hours of each staff member they name: windows already there stay,
//   new ones are added, and the ones the file no longer has are removed (the summary's "removed");
// - `date` and `off` rows are the complete hours of each staff member and date they name, in the same way;
// - `block` rows are added unless the same block is there (a new reason updates it); blocks are never removed.
//   `source` names the calendar a block was read from (avail import-busy), so that the next read of that
//   calendar replaces it here as it would there; a block without one was typed.
// So importing the same file twice changes nothing, and an edited file brings the database in line with it.
// Hours are written after the last row, each staff member's whole or not at all: one of their rows rejected,
// and their hours stay as they were, neither removed (a bad row must not cost anyone the hours it was meant to
// keep) nor added to (new windows beside the old ones would overlap them).
import { fieldReader, invalid } from '../../errors';
import type { NewRule, Tx } from '../../db/store';
import { weeklyClash, windowsOverlap } from '../availability';
import { blockPoint, checkDateWindow, readWindow } from '../availability-rules';
import type { Env } from '../env';
import { findStaff } from '../staff';
import { formatClock, parseDate } from '../time';
import type { DateOverride, Staff, WeeklyHours } from '../types';
import * as v from '../validate';
import { dayName, parseDays } from '../weekdays';
import type { CsvRow } from './csv';
import { cached, type ImportKind, type RowImporter, type RowOutcome, type Withdrawn } from './kind';

export const AVAILABILITY_COLUMNS = ['staff', 'kind', 'days', 'date', 'from', 'to', 'valid_from', 'until', 'reason', 'source'] as const;
const KINDS = ['weekly', 'date', 'off', 'block'] as const;
type Kind = (typeof KINDS)[number];

/**
 * A replaceable set (one staff member's weekly hours, or one date's hours): what was there, what the file kept,
 * and the rows that add to it, written once the whole file is read (finish), or not at all.
 */
interface Claim<R> {
  staff: Staff;
  before: R[];
  kept: Set<number>;
  adds: Array<{ line: number; rules: NewRule[]; details: unknown }>;
  /** For a date: whether the file says it is off (a date is either off or has hours). */
  off?: boolean;
}

const weeklyKey = (w: Pick<WeeklyHours, 'weekday' | 'startMin' | 'endMin' | 'validFrom' | 'validUntil'>) => `${w.weekday}:${w.startMin}:${w.endMin}:${w.validFrom}:${w.validUntil}`;
const dateKey = (o: Pick<DateOverride, 'off' | 'startMin' | 'endMin'>) => (o.off ? 'off' : `${o.startMin}:${o.endMin}`);

function begin(tx: Tx, env: Env): RowImporter {
  const now = env.now();
  const findOnce = cached((handle) => findStaff(tx, handle, 'staff'));
  const weeklyClaims = new Map<number, Claim<WeeklyHours>>();
  const blocksKept = new Set<number>();
  const dateClaims = new Map<string, Claim<DateOverride>>();
  // Lines by the staff member they name, known before a row is checked, so a rejected row still protects their hours.
  const linesOf = new Map<string, number[]>();
  /** Windows (a staff member's weekday or date, and its hours) the rows above stated, with their lines. */
  const stated = new Map<string, number>();
  /** Weekly windows of the rows above, by staff id (as rules whose id is their line), and date windows by staff@date. */
  const statedWeekly = new Map<number, WeeklyHours[]>();
  const statedDates = new Map<string, Array<{ window: [number, number]; line: number }>>();
  /** A file states each window once: a repeated row would add the same hours twice. */
  const once = (keys: string[], line: number, label: (i: number) => string, column: string) => {
    const i = keys.findIndex((k) => stated.has(k));
    if (i >= 0) throw invalid(`${column}: ${label(i)} is also on line ${stated.get(keys[i]!)}: a file states each window once`, 'keep one of the rows');
    for (const k of keys) stated.set(k, line);
  };

  const claimWeekly = (staff: Staff) =>
    weeklyClaims.get(staff.id) ?? weeklyClaims.set(staff.id, { staff, before: tx.weeklyHours(staff.id), kept: new Set(), adds: [] }).get(staff.id)!;
  const claimDate = (staff: Staff, date: string) => {
    const key = `${staff.id}@${date}`;
    return dateClaims.get(key) ?? dateClaims.set(key, { staff, before: tx.overrides(staff.id, date, date), kept: new Set(), adds: [] }).get(key)!;
  };

  /** Keeps an identical rule if the set had one not yet kept (true), else the rule is one to add (false). */
  function keep<R extends { id: number }>(claim: Claim<R>, key: (r: R) => string, wanted: string): boolean {
    const same = claim.before.find((r) => !claim.kept.has(r.id) && key(r) === wanted);
    if (same) claim.kept.add(same.id);
    return same !== undefined;
  }

  const audit = (staff: Staff, action: string, details: unknown) =>
    tx.audit({ at: now, actor: env.actor, action, entity: 'staff', entityId: staff.handle, details });

  function apply(row: CsvRow): RowOutcome {
    const c = row.cells;
    const handle = (c.staff ?? '').trim().toLowerCase();
    const kindCell = (c.kind ?? '').trim().toLowerCase();
    // Every row is its staff member's: one of theirs rejected (whatever its kind, even one misspelled) keeps all
    // of their hours from being removed.
    (linesOf.get(handle) ?? linesOf.set(handle, []).get(handle)!).push(row.line);

    // Every problem of the row is listed: first who and what kind (the rest is read by them), then each cell.
    const f = fieldReader();
    const staff = f.read(() => {
      if (!handle) throw invalid('staff: required', 'the handle of the staff member');
      return findOnce(handle);
    });
    if (!(KINDS as readonly string[]).includes(kindCell)) f.problem(invalid(`kind: "${c.kind ?? ''}" is not a kind of availability`, `use one of ${KINDS.join(', ')}`));
    f.done();
    const kind = kindCell as Kind;
    const unused = (columns: string[]) => {
      for (const col of columns) if (c[col]?.trim()) f.problem(invalid(`${col}: not used by ${kind} rows`, 'leave the cell empty'));
    };

    if (kind === 'weekly') {
      unused(['date', 'reason', 'source']);
      const days = f.read(() => parseDays(c.days ?? '', 'days'));
      const [startMin, endMin] = f.read(() => readWindow(c.from ?? '', c.to ?? '', 'from', 'to')) ?? [];
      const validFrom = f.read(() => (c.valid_from?.trim() ? parseDate(c.valid_from, 'valid_from', staff.tz, now) : null));
      const validUntil = f.read(() => (c.until?.trim() ? parseDate(c.until, 'until', staff.tz, now) : null));
      f.done();
      if (validFrom && validUntil && validUntil < validFrom) throw invalid(`until ${validUntil} is before valid_from ${validFrom}`, 'give the last date of the period, on or after valid_from');
      const keys = days.map((weekday) => `${staff.id}|${weeklyKey({ weekday, startMin: startMin!, endMin: endMin!, validFrom, validUntil })}`);
      once(keys, row.line, (i) => `${dayName(days[i]!)} ${formatClock(startMin!)}-${formatClock(endMin!)}`, 'days');
      for (const weekday of days) {
        const clash = weeklyClash(statedWeekly.get(staff.id) ?? [], weekday, [startMin!, endMin!], validFrom, validUntil);
        if (clash) throw invalid(`from: ${dayName(weekday)} ${formatClock(startMin!)}-${formatClock(endMin!)} overlaps ${dayName(weekday)} ${formatClock(clash.startMin)}-${formatClock(clash.endMin)} on line ${clash.id}`, 'join the two rows, or let one end where the other starts');
      }
      const mine = statedWeekly.get(staff.id) ?? statedWeekly.set(staff.id, []).get(staff.id)!;
      for (const weekday of days) mine.push({ id: row.line, kind: 'weekly', weekday, startMin: startMin!, endMin: endMin!, validFrom, validUntil });
      const claim = claimWeekly(staff);
      const rules = days.map((weekday) => ({ kind: 'weekly' as const, weekday, startMin: startMin!, endMin: endMin!, validFrom, validUntil }));
      const added = rules.filter((rule) => !keep(claim, weeklyKey, weeklyKey(rule)));
      if (added.length === 0) return 'unchanged';
      claim.adds.push({ line: row.line, rules: added, details: { kind, days: days.map(dayName), from: formatClock(startMin), to: formatClock(endMin), validFrom, until: validUntil } });
      return 'created';
    }

    if (kind === 'date' || kind === 'off') {
      unused(['days', 'valid_from', 'until', 'reason', 'source', ...(kind === 'off' ? ['from', 'to'] : [])]);
      const date = f.read(() => {
        if (!c.date?.trim()) throw invalid('date: required for a date row', 'e.g. 2026-12-24');
        return parseDate(c.date, 'date', staff.tz, now);
      });
      const window = kind === 'off' ? undefined : f.read(() => readWindow(c.from ?? '', c.to ?? '', 'from', 'to'));
      f.done();
      if (window) checkDateWindow(date, window, staff.tz, 'from');
      const rule: NewRule = window
        ? { kind: 'override', date, off: false, startMin: window[0], endMin: window[1] }
        : { kind: 'override', date, off: true, startMin: null, endMin: null };
      const dayKey = `${staff.id}@${date}`;
      const clash = window && (statedDates.get(dayKey) ?? []).find((o) => windowsOverlap(window, o.window) && dateKey(rule as DateOverride) !== `${o.window[0]}:${o.window[1]}`);
      if (clash && window) throw invalid(`from: ${date} ${formatClock(window[0])}-${formatClock(window[1])} overlaps ${formatClock(clash.window[0])}-${formatClock(clash.window[1])} on line ${clash.line}`, 'join the two rows, or let one end where the other starts');
      const claim = claimDate(staff, date);
      if (claim.off !== undefined && claim.off !== (kind === 'off')) throw invalid(`date: ${date} is both off and has hours in this file`, 'a date is either off or has hours');
      claim.off = kind === 'off';
      once([`${staff.id}@${date}|${dateKey(rule as DateOverride)}`], row.line, () => (window ? `${date} ${formatClock(window[0])}-${formatClock(window[1])}` : `${date} off`), 'date');
      if (window) (statedDates.get(dayKey) ?? statedDates.set(dayKey, []).get(dayKey)!).push({ window, line: row.line });
      if (keep(claim, dateKey, dateKey(rule as DateOverride))) return 'unchanged';
      claim.adds.push({ line: row.line, rules: [rule], details: { kind, date, from: c.from ?? null, to: c.to ?? null } });
      return 'created';
    }

    unused(['days', 'date', 'valid_from', 'until']);
    const point = (column: 'from' | 'to') => f.read(() => {
      if (!c[column]?.trim()) throw invalid(`${column}: required for a block`, 'e.g. 2026-12-24 or "2026-12-24 13:00"');
      return blockPoint(c[column]!, staff.tz, column, column === 'to');
    });
    const startAt = point('from');
    const endAt = point('to');
    const reason = f.read(() => (c.reason?.trim() ? v.text(c.reason, 'reason') : null));
    // As long as any calendar name stored before names were kept to 100 characters: what the export writes, this reads.
    const source = f.read(() => (c.source?.trim() ? v.text(c.source, 'source', 1000) : null));
    f.done();
    if (endAt <= startAt) throw invalid(`to ${c.to} is not after from ${c.from}`, 'a block ends after it starts');
    // The same block: same times, same calendar (or typed), the same reason where there are several, and not one
    // an earlier row of this file already stands for (two blocks of the same times are two rows).
    const matches = tx.blocks(staff.id, startAt, endAt).filter((b) => b.startAt === startAt && b.endAt === endAt && b.source === source && !blocksKept.has(b.id));
    const same = matches.find((b) => b.reason === reason) ?? matches[0];
    if (same && same.reason === reason) {
      blocksKept.add(same.id);
      return 'unchanged';
    }
    if (same) tx.deleteRule(same.id);
    blocksKept.add(tx.insertRule(staff.id, { kind: 'block', startAt, endAt, reason, source }));
    audit(staff, 'avail.import', { kind, startAt, endAt, reason, source });
    return same ? 'updated' : 'created';
  }

  function finish(rejected: ReadonlySet<number>): ReturnType<NonNullable<RowImporter['finish']>> {
    let removed = 0;
    const withdrawn: Withdrawn[] = [];
    const sweep = <R extends { id: number }>(claim: Claim<R>, describe: (r: R) => unknown) => {
      // A staff member's hours are taken whole: one of their rows rejected, and the others are not written either
      // (added beside the hours kept, they would overlap them).
      const bad = (linesOf.get(claim.staff.handle) ?? []).find((line) => rejected.has(line));
      if (bad !== undefined) {
        for (const a of claim.adds) {
          withdrawn.push({ line: a.line, column: 'staff', problem: `not imported: line ${bad} of ${claim.staff.handle} was rejected, and a staff member's hours are imported whole (fix line ${bad} and import the file again)` });
        }
        return;
      }
      for (const a of claim.adds) {
        for (const rule of a.rules) tx.insertRule(claim.staff.id, rule);
        audit(claim.staff, 'avail.import', a.details);
      }
      for (const r of claim.before) {
        if (claim.kept.has(r.id)) continue;
        tx.deleteRule(r.id);
        audit(claim.staff, 'avail.import.remove', describe(r));
        removed++;
      }
    };
    for (const claim of weeklyClaims.values()) {
      sweep(claim, (w) => ({ kind: 'weekly', day: dayName(w.weekday), from: formatClock(w.startMin), to: formatClock(w.endMin), validFrom: w.validFrom, until: w.validUntil }));
    }
    for (const [key, claim] of dateClaims) {
      const date = key.slice(key.indexOf('@') + 1);
      sweep(claim, (o) => ({ kind: o.off ? 'off' : 'date', date }));
    }
    return { removed, withdrawn };
  }

  return { apply, finish };
}

export const availability: ImportKind = { columns: AVAILABILITY_COLUMNS, keys: ['staff', 'kind'], begin };
