import { invalid } from '../errors';

const UNIT_MINUTES: Record<string, number> = { m: 1, min: 1, h: 60, d: 1440, w: 10080 };

/**
 * Reads a duration such as `90m`, `24h`, `2d`, `1h30m` or a bare number of minutes, in minutes.
 * `field` is the name the user typed (a flag or a column), so the message points at it.
 */
export function parseDuration(value: string, field: string): number {
  const text = value.trim().toLowerCase();
  if (/^\d+$/.test(text)) return Number(text);
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
  return total;
}

/** Minutes as the shortest readable duration: 1440 -> "1d", 90 -> "1h30m". */
export function formatDuration(minutes: number): string {
  if (minutes === 0) return '0m';
  const parts: string[] = [];
  let rest = minutes;
  for (const [unit, size] of [['d', 1440], ['h', 60], ['m', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
