// Busy times from another calendar program's iCalendar export (.ics), used to block a staff member's slots.
// ical.js parses the file and expands recurrences; every wall time is then placed here with the project's DST
// rules (time.ts: an overlap means the earlier instant, a boundary in a gap moves to its end), whatever the file
// says about its zone: in the IANA zone its TZID names (Google's and Apple's VTIMEZONEs copy that zone), else by
// the offsets of the file's VTIMEZONE (Outlook's "W. Europe Standard Time"), else in the staff member's zone.
// ical.js's own conversion takes the later instant of a repeated hour and puts a time in a gap an hour early,
// which would put the same event at another time depending on how the file wrote its zone.
import ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { invalid } from '../errors';
import { boundaryToInstant, boundaryWithOffsets, type OffsetFn } from './time';

export interface BusyTime { start: number; end: number; summary: string | null; uid: string | null }
export interface BusyCalendar {
  name: string | null;
  busy: BusyTime[];
  /** Recurring events whose repeats were cut short (MAX_OCCURRENCES, MAX_STEPS): later ones block nothing. */
  cutShort: string[];
}

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Period = InstanceType<typeof ICAL.Period>;
type Time = InstanceType<typeof ICAL.Time>;
type Timezone = InstanceType<typeof ICAL.Timezone>;
interface Window { zone: string; fromMs: number; toMs: number }

/** Occurrences of one recurring event kept in the window. */
export const MAX_OCCURRENCES = 5_000;
// Every step of the expansion counts, before the window too: a daily series begun 20 years ago (7,300 steps)
// still reaches today, while a MINUTELY rule begun long ago must not spin for ever (a step costs ~15 µs).
const MAX_STEPS = 50_000;
const HINT = 'export the calendar from the other program as an .ics (iCalendar) file';

const reason = (e: unknown): string => {
  const line = (e instanceof Error ? e.message : String(e)).split(/\r?\n/)[0]!.trim();
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
};

/** zone: the IANA zone of the staff member, used for floating times and all-day dates. fromMs/toMs: the window in which recurring events are expanded and events kept (an event is kept when it overlaps [fromMs, toMs)). */
/** `file` names the file in errors. */
export function parseBusy(text: string, opts: { zone: string; fromMs: number; toMs: number; file?: string }): BusyCalendar {
  const file = opts.file ?? 'FILE';
  const busy: BusyTime[] = [];
  const cutShort: string[] = [];
  let name: string | null = null;
  for (const cal of readCalendars(text, file)) {
    name ??= textProp(cal, 'x-wr-calname');
    const vevents = cal.getAllSubcomponents('vevent');
    // Overrides are related by UID explicitly: left to itself, ical.js relates every RECURRENCE-ID event of
    // the file to every series, whatever its UID.
    const overrides = new Map<string, Component[]>();
    for (const v of vevents) {
      const uid = textProp(v, 'uid');
      if (uid !== null && v.hasProperty('recurrence-id')) overrides.set(uid, [...(overrides.get(uid) ?? []), v]);
    }
    for (const v of vevents) {
      const label = (textProp(v, 'summary') ?? textProp(v, 'uid') ?? '(untitled)').replace(/\s+/g, ' ').slice(0, 60);
      try {
        if (!collect(v, overrides, opts, busy)) cutShort.push(label);
      } catch (e) {
        throw invalid(`${file}: event "${label}" cannot be read: ${reason(e)}`, HINT);
      }
    }
  }
  return { name, busy: busy.sort((a, b) => a.start - b.start || a.end - b.end), cutShort };
}

function readCalendars(text: string, file: string): Component[] {
  // ical.js answers other text with messages about its internals; say what is wrong instead.
  if (!/^\s*BEGIN:VCALENDAR/im.test(text.replace(/^\uFEFF/, ''))) throw invalid(`${file} is not an iCalendar file: no BEGIN:VCALENDAR line`, HINT);
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw invalid(`${file} is not an iCalendar file: ${reason(e)}`, HINT);
  }
  // One calendar parses to a component, several to a list of them.
  const roots: unknown[] = Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal : [jcal];
  const cals = roots.filter((r) => Array.isArray(r) && r[0] === 'vcalendar').map((r) => new ICAL.Component(r as unknown[]));
  if (cals.length === 0) throw invalid(`${file} is not an iCalendar file: no VCALENDAR found`, HINT);
  return cals;
}

/** Adds the event's busy times; false when a recurring event had more than could be expanded. */
function collect(v: Component, overrides: Map<string, Component[]>, win: Window, busy: BusyTime[]): boolean {
  if (!v.hasProperty('dtstart')) return true;
  // RDATE periods carry their own length, which the expansion would replace by the event's: added apart.
  for (const p of v.getAllProperties('rdate').filter((p) => p.type === 'period')) {
    v.removeProperty(p);
    for (const period of p.getValues() as Period[]) add(v, period.start, period.getEnd(), [tzid(p), tzid(p)], win, busy);
  }
  const isOverride = v.hasProperty('recurrence-id');
  const uid = textProp(v, 'uid');
  const event = new ICAL.Event(v, { strictExceptions: true, exceptions: isOverride || uid === null ? [] : (overrides.get(uid) ?? []) });
  // An override is always added on its own, so it counts even when it moves an occurrence across the window.
  if (isOverride || !event.isRecurring()) {
    add(v, event.startDate, event.endDate, zonesOf(v), win, busy);
    return true;
  }
  const [startTzid] = zonesOf(v);
  const it = event.iterator();
  let kept = 0;
  let step = 0;
  for (let occ = it.next(); occ; step++, occ = it.next()) {
    if (toMs(occ, startTzid, win.zone) >= win.toMs) return true;
    if (step >= MAX_STEPS || kept >= MAX_OCCURRENCES) return false;
    const d = event.getOccurrenceDetails(occ);
    if (d.item !== event && d.item.recurrenceId.compare(occ) === 0) continue;
    if (add(d.item.component, d.startDate, d.endDate, zonesOf(d.item.component), win, busy)) kept++;
  }
  return true;
}

/** TZIDs of the start and the end; without DTEND the end is DTSTART plus DURATION, so in DTSTART's zone. */
const zonesOf = (c: Component): [string | null, string | null] =>
  [tzid(c.getFirstProperty('dtstart')), tzid(c.getFirstProperty(c.hasProperty('dtend') ? 'dtend' : 'dtstart'))];

function add(c: Component, startT: Time, endT: Time, zones: [string | null, string | null], win: Window, busy: BusyTime[]): boolean {
  if (textProp(c, 'transp')?.toUpperCase() === 'TRANSPARENT' || textProp(c, 'status')?.toUpperCase() === 'CANCELLED') return false;
  const start = toMs(startT, zones[0], win.zone);
  const end = toMs(endT, zones[1], win.zone);
  if (end <= start || end <= win.fromMs || start >= win.toMs) return false;
  busy.push({ start, end, summary: textProp(c, 'summary'), uid: textProp(c, 'uid') });
  return true;
}

function toMs(t: Time, tzidParam: string | null, zone: string): number {
  const date = `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
  if (t.isDate) return boundaryToInstant(date, 0, zone);
  if (t.zone === ICAL.Timezone.utcTimezone) return t.toUnixTime() * 1000;
  const minutes = t.hour * 60 + t.minute;
  // Floating for ical.js when no VTIMEZONE defines the TZID: the parameter still names the zone.
  const defined = t.zone !== ICAL.Timezone.localTimezone;
  const name = defined ? t.zone.tzid : tzidParam;
  let ms: number;
  if (name !== null && IANAZone.isValidZone(name)) ms = boundaryToInstant(date, minutes, name);
  else if (defined) ms = boundaryWithOffsets(date, minutes, vtimezoneOffsets(t.zone));
  else ms = boundaryToInstant(date, minutes, zone);
  return ms + t.second * 1000;
}

/** Per VTIMEZONE: its transitions (UTC ms, sorted), the offset each brings in (minutes), and the one before them all. */
const transitions = new WeakMap<Timezone, { untilYear: number; at: number[]; to: number[]; first: number }>();

/**
 * The offsets of a VTIMEZONE at an instant, read from the transitions ical.js expands from its STANDARD and
 * DAYLIGHT rules. ical.js itself only answers for a wall time, and that answer is the one being replaced.
 */
function vtimezoneOffsets(tz: Timezone): OffsetFn {
  return (ms) => {
    const year = new Date(ms).getUTCFullYear() + 1;
    let tr = transitions.get(tz);
    if (!tr || tr.untilYear < year) {
      // Expands the rules through that year at least (kept in tz.changes, in UTC, offsets in seconds).
      tz._ensureCoverage(year);
      const changes = (tz.changes as { year: number; month: number; day: number; hour: number; minute: number; second: number; utcOffset: number; prevUtcOffset: number }[])
        .map((c) => ({ at: Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second), to: c.utcOffset / 60, from: c.prevUtcOffset / 60 }))
        .sort((a, b) => a.at - b.at)
        // ical.js appends the whole expansion again when it extends it.
        .filter((c, i, all) => i === 0 || c.at !== all[i - 1]!.at);
      // No rules at all: ical.js takes such a zone as UTC, and so does sched.
      tr = { untilYear: year, at: changes.map((c) => c.at), to: changes.map((c) => c.to), first: changes[0]?.from ?? 0 };
      transitions.set(tz, tr);
    }
    let lo = 0;
    let hi = tr.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tr.at[mid]! <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? tr.first : tr.to[lo - 1]!;
  };
}

function tzid(p: Property | null): string | null {
  const value: unknown = p?.getFirstParameter('tzid');
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function textProp(c: Component, prop: string): string | null {
  const value = c.getFirstPropertyValue(prop);
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
