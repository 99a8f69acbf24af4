// Writes the files of a large office for the import benchmark: 50 staff in five zones (DST included), 2,000
// clients, 3 services, weekday hours 08:00-18:00, and N bookings (default 100,000) over a year around NOW:
// eight one-hour sessions a working day per staff member, a week of holiday blocked each, past sessions
// completed, no-show or cancelled, upcoming ones scheduled or confirmed. Every row passes every check.
//   tsx bench/gen-bookings.ts DIR [N] [NOW]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';

const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Europe/London', 'America/Sao_Paulo'];
export const STAFF = 50;
export const CLIENTS_PER_STAFF = 40;
const SLOTS = [8, 9, 10, 11, 13, 14, 15, 16]; // hours; 12:00 is lunch
const SERVICES = ['consult', 'coaching', 'review'];

export function generate(dir: string, count = 100_000, nowIso = '2026-11-30T08:00:00Z'): { from: string; to: string } {
  mkdirSync(dir, { recursive: true });
  const now = Date.parse(nowIso);
  const handle = (s: number) => `staff${String(s).padStart(2, '0')}`;
  const zone = (s: number) => ZONES[s % ZONES.length]!;
  const clientEmail = (c: number) => `client${String(c).padStart(4, '0')}@example.com`;

  writeFileSync(join(dir, 'staff.csv'), ['handle,name,email,tz', ...Array.from({ length: STAFF }, (_, s) => `${handle(s)},Staff ${s},${handle(s)}@office.example,${zone(s)}`)].join('\n'));
  writeFileSync(join(dir, 'clients.csv'), ['email,name', ...Array.from({ length: STAFF * CLIENTS_PER_STAFF }, (_, c) => `${clientEmail(c)},Client ${c}`)].join('\n'));
  writeFileSync(join(dir, 'services.csv'), ['code,name,duration,buffer_after', 'consult,Consultation,60,0', 'coaching,Coaching,50,10', 'review,Review,45,15'].join('\n'));

  // The year: 300 days back, 65 ahead, from a Monday.
  const start = DateTime.fromMillis(now, { zone: 'UTC' }).minus({ days: 300 }).startOf('week');
  const end = start.plus({ days: 365 });
  const avail = ['staff,kind,days,date,from,to,valid_from,until,reason'];
  for (let s = 0; s < STAFF; s++) {
    avail.push(`${handle(s)},weekly,mon-fri,,08:00,12:00,,,`, `${handle(s)},weekly,mon-fri,,13:00,18:00,,,`);
    const holiday = start.plus({ weeks: 10 + (s % 30) });
    avail.push(`${handle(s)},block,,,${holiday.toISODate()},${holiday.plus({ days: 4 }).toISODate()},,,Holiday`);
  }
  writeFileSync(join(dir, 'availability.csv'), avail.join('\n'));

  const rows = ['external_id,staff,client,service,start,status,rating,cancel_reason'];
  let n = 0;
  for (let day = start; day < end && n < count; day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    for (let s = 0; s < STAFF && n < count; s++) {
      const holiday = start.plus({ weeks: 10 + (s % 30) });
      if (day >= holiday && day < holiday.plus({ days: 5 })) continue;
      SLOTS.forEach((hour, k) => {
        if (n >= count) return;
        const wall = `${day.toISODate()} ${String(hour).padStart(2, '0')}:00`;
        const at = DateTime.fromISO(`${day.toISODate()}T${String(hour).padStart(2, '0')}:00`, { zone: zone(s) }).toMillis();
        // Each staff member has their own clients, so no client is in two places at once.
        const client = clientEmail(s * CLIENTS_PER_STAFF + ((day.ordinal * SLOTS.length + k) % CLIENTS_PER_STAFF));
        const roll = (n * 7919) % 100;
        const past = at < now;
        const status = past ? (roll < 85 ? 'completed' : roll < 90 ? 'no-show' : 'cancelled') : roll < 50 ? 'confirmed' : 'scheduled';
        const rating = status === 'completed' && roll % 3 === 0 ? String(3 + (roll % 3)) : '';
        rows.push(`ext-${n},${handle(s)},${client},${SERVICES[n % SERVICES.length]},${wall},${status},${rating},${status === 'cancelled' ? 'client asked' : ''}`);
        n++;
      });
    }
  }
  writeFileSync(join(dir, 'bookings.csv'), `${rows.join('\n')}\n`);
  return { from: start.toISODate()!, to: end.minus({ days: 1 }).toISODate()! };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count, now] = process.argv.slice(2);
  if (!dir) throw new Error('usage: tsx bench/gen-bookings.ts DIR [N] [NOW]');
  console.log(generate(dir, count ? Number(count) : undefined, now));
}
