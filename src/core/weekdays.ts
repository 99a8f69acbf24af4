import { invalid } from '../errors';

export const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const dayNumber = (name: string, field: string): number => {
  const i = DAY_NAMES.indexOf(name.slice(0, 3) as (typeof DAY_NAMES)[number]);
  if (i < 0 || name.length < 3) throw invalid(`${field}: "${name}" is not a day`, 'use mon, tue, wed, thu, fri, sat, sun, ranges such as mon-fri, or lists such as mon,wed');
  return i + 1;
};

/** Reads `mon-fri`, `mon,wed`, `sat-sun`, `fri-mon` (wraps), `weekdays`, `weekend`, `daily` into ISO weekdays (1 = Monday). */
export function parseDays(value: string, field: string): number[] {
  const v = value.trim().toLowerCase();
  const named: Record<string, number[]> = { weekdays: [1, 2, 3, 4, 5], weekend: [6, 7], daily: [1, 2, 3, 4, 5, 6, 7], all: [1, 2, 3, 4, 5, 6, 7] };
  if (named[v]) return named[v]!;
  const days = new Set<number>();
  for (const part of v.split(',').map((p) => p.trim())) {
    if (!part) throw invalid(`${field}: "${value}" has an empty day`, 'e.g. mon-fri or mon,wed');
    const [a, b, extra] = part.split('-');
    if (extra !== undefined) throw invalid(`${field}: "${part}" is not a day range`, 'e.g. mon-fri');
    const from = dayNumber(a!, field);
    const to = b === undefined ? from : dayNumber(b, field);
    for (let d = from; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === to) break;
    }
  }
  return [...days].sort((x, y) => x - y);
}

export const dayName = (weekday: number): string => DAY_NAMES[weekday - 1]!;

/** ISO weekdays as `parseDays` reads them back: runs of three or more as ranges (`mon-fri`), the rest listed (`mon,wed`). */
export function formatDays(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${dayName(days[i]!)}-${dayName(days[j]!)}`);
    else for (let k = i; k <= j; k++) parts.push(dayName(days[k]!));
    i = j + 1;
  }
  return parts.join(',');
}
