import { invalid } from '../errors';

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440, w: 10080 };

/**
 * Reads a duration such as `90m`, `24h`, `2d`, `1h30m` or a bare number of minutes, in minutes.
 * `field` is the name the user typed (a flag or a column), so the message points at it.
 */
export function parseDuration(value: string, field: string): number {
  const text = value.trim().toLowerCase();
  if (/^\d+$/.test(text)) return whole(Number(text), value, field);
  const re = /(\d+)\s*(min|m|h|d|w)/gy;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) {
    total += Number(match[1]) * UNIT_MINUTES[match[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== text.length) {
    throw invalid(`${field}: "${value}" is not a duration`, 'use minutes or a unit, e.g. 90m, 24h, 2d, 1h30m');
  }
  return whole(total, value, field);
}

const whole = (minutes: number, value: string, field: string) => {
  if (!Number.isSafeInteger(minutes)) throw invalid(`${field}: "${value}" is too long a duration`, 'e.g. 90m, 24h, 2d');
  return minutes;
};

/** A duration from `min` to `max` minutes. */
export function durationWithin(value: string, field: string, min: number, max: number): number {
  const m = parseDuration(value, field);
  if (m < min || m > max) throw invalid(`${field}: ${value} is out of range`, `use ${formatDuration(min)} to ${formatDuration(max)}`);
  return m;
}

/**
 * Minutes as people say them: whole days from two days up ("2d", "60d"), else hours and minutes
 * ("24h", "36h", "1h30m", "45m"): a 24-hour notice reads "24h", as it was typed, not "1d".
 */
export function formatDuration(minutes: number): string {
  if (minutes === 0) return '0m';
  if (minutes >= 2880 && minutes % 1440 === 0) return `${minutes / 1440}d`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}`;
}

/** An hour budget: always hours and minutes ("48h", "1h30m", "0h"), never days. */
export function formatHours(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(minutes);
  const m = abs % 60;
  return `${sign}${Math.floor(abs / 60)}h${m ? `${m}m` : ''}`.replace(/^(-?)0h(\d)/, '$1$2');
}
