import type { Ctx } from '../context';
import { SETTINGS, rawSettings, setSetting, settingKey } from '../core/settings';

export function set(ctx: Ctx, [key, value]: string[]) {
  const r = setSetting(ctx, key!, value!);
  if (ctx.json) ctx.data(r);
  else ctx.say(`${r.key} = ${r.value}`);
}

export function get(ctx: Ctx, [key]: string[]) {
  const k = settingKey(key!);
  const value = ctx.store.read((tx) => rawSettings(tx))[k]!;
  if (ctx.json) ctx.data({ key: k, value });
  else ctx.say(value);
}

export async function list(ctx: Ctx) {
  const all = ctx.store.read((tx) => rawSettings(tx));
  if (ctx.json) return ctx.data(all);
  const { table } = await import('./table');
  for (const line of table(Object.entries(all).map(([k, v]) => [k, v, ctx.style.dim(SETTINGS[k]!.describe)]))) ctx.say(line);
}
