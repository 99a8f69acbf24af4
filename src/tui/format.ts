// Dates and times as the calendar labels them (short, to fit columns).
import { DateTime } from 'luxon';
import { fmtDayTime, fmtTime, formatClock, wallCandidates } from '../core/time';
import { rowInstant } from './layout';

/** "Tue 1 Dec" for a YYYY-MM-DD date. */
export const dayLabel = (date: string): string => DateTime.fromISO(date, { zone: 'UTC' }).toFormat('ccc d LLL');
/** "December 2026" */
export const monthLabel = (date: string): string => DateTime.fromISO(date, { zone: 'UTC' }).toFormat('LLLL yyyy');
/** "week 49: 30 Nov - 6 Dec 2026" */
export function periodLabel(dates: readonly string[]): string {
  const first = DateTime.fromISO(dates[0]!, { zone: 'UTC' });
  const last = DateTime.fromISO(dates[dates.length - 1]!, { zone: 'UTC' });
  const range = `${first.toFormat(first.year === last.year ? 'd LLL' : 'd LLL yyyy')} - ${last.toFormat('d LLL yyyy')}`;
  return dates.length === 7 ? `week ${first.weekNumber}: ${range}` : range;
}
/** A wall time on a date, with its offset when the date has it twice: "01:30 (UTC-5)". */
export const wallLabel = (date: string, minute: number, second: boolean, zone: string): string =>
  wallCandidates(date, minute, zone).length > 1 ? fmtTime(rowInstant(date, minute, second, zone), zone) : formatClock(minute);
/** "Tue 1 Dec 10:00-11:00" */
export const spanLabel = (start: number, end: number, zone: string): string => `${fmtDayTime(start, zone)}-${fmtTime(end, zone)}`;
