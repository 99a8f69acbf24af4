import type { Ctx } from '../context';
import { staffJson } from '../core/agenda';
import { listAvailability } from '../core/availability-rules';
import { addStaff, editStaff, removeStaff, type StaffInput } from '../core/staff';
import { bool } from '../core/validate';
import { SchedError } from '../errors';
import { outsideNow, printRules, warnLeftOutside } from './avail';
import type { Staff } from '../core/types';

// Their zone is a --tz given after the command (program.ts, tzAfterCommand); one before it only shows times.
const input = (o: Record<string, any>): StaffInput => ({ name: o.name, email: o.email, tz: o.ownTz, phone: o.phone, maxPerDay: o.maxPerDay, maxPerWeek: o.maxPerWeek });

const limits = (s: Staff) => [s.maxPerDay ? `${s.maxPerDay}/day` : '', s.maxPerWeek ? `${s.maxPerWeek}/week` : ''].filter(Boolean).join(' ') || '-';

export function add(ctx: Ctx, [handle]: string[], o: Record<string, any>) {
  // --tz is a global option, so commander cannot require it for this command alone.
  if (o.ownTz === undefined) {
    const before = o.tz === undefined ? '' : ' after the command (a --tz before it is the zone times are shown in)';
    throw new SchedError('usage', `required option '--tz <zone>' not specified${before}`, `sched staff add ${handle} --name NAME --email EMAIL --tz Europe/Paris`);
  }
  const s = addStaff(ctx, handle!, input(o));
  if (ctx.json) ctx.data(staffJson(s));
  else ctx.say(`added ${s.handle} (${s.name}, ${s.tz}); set their hours with: sched avail set ${s.handle} --days mon-fri --from 09:00 --to 17:00`);
}

export async function list(ctx: Ctx, _: string[], o: Record<string, any>) {
  const all = ctx.store.read((tx) => tx.listStaff({ includeInactive: !!o.all }));
  if (ctx.json) return ctx.data(all.map(staffJson));
  if (all.length === 0) {
    const inactive = o.all ? 0 : ctx.store.read((tx) => tx.listStaff({ includeInactive: true }).length);
    if (inactive) return ctx.say(`no active staff (${inactive} no longer active: sched staff list --all)`);
    return ctx.say('no staff yet: sched staff add HANDLE --name NAME --email EMAIL --tz ZONE');
  }
  const { table } = await import('./table');
  const rows = all.map((s) => [s.handle, s.name, s.email, s.tz, limits(s), s.active ? '' : ctx.style.gray('inactive')]);
  for (const line of table([['HANDLE', 'NAME', 'EMAIL', 'ZONE', 'LIMITS', ''].map(ctx.style.bold), ...rows])) ctx.say(line);
}

export async function show(ctx: Ctx, [handle]: string[]) {
  const { staff, rules } = listAvailability(ctx, handle!);
  if (ctx.json) return ctx.data(staffJson(staff));
  ctx.say(`${ctx.style.bold(staff.handle)}  ${staff.name} <${staff.email}>${staff.phone ? `  ${staff.phone}` : ''}`);
  ctx.say(`zone ${staff.tz}, limits ${limits(staff)}${staff.active ? '' : ', inactive'}`);
  await printRules(ctx, staff, rules);
}

export function edit(ctx: Ctx, [handle]: string[], o: Record<string, any>) {
  const before = o.ownTz === undefined ? undefined : outsideNow(ctx, handle!);
  const s = editStaff(ctx, handle!, { ...input(o), active: o.active === undefined ? undefined : bool(o.active, '--active') });
  if (ctx.json) ctx.data(staffJson(s));
  else ctx.say(`updated ${s.handle}`);
  // Their hours are wall times in their zone: a new zone moves every one of them, and may leave sessions outside.
  if (before) warnLeftOutside(ctx, s, undefined, undefined, before);
}

export function remove(ctx: Ctx, [handle]: string[]) {
  const { staff: s, upcoming } = removeStaff(ctx, handle!);
  if (ctx.json) ctx.data({ ...staffJson(s), upcoming_sessions: upcoming });
  else ctx.say(`${s.handle} is now inactive: no new bookings; their history stays (sched staff edit ${s.handle} --active true to undo)`);
  if (upcoming > 0) ctx.info(`${s.handle} still has ${upcoming} upcoming session${upcoming === 1 ? '' : 's'}: they stay booked; see sched list --staff ${s.handle} --from today to move or cancel them`);
}
