import type { Ctx } from '../context';
import { bookingJson, clientJson, viewer } from '../core/agenda';
import { addClient, editClient, findClient } from '../core/clients';
import { printAgenda } from './present';

export function add(ctx: Ctx, _: string[], o: Record<string, any>) {
  // Their zone is a --tz given after the command (program.ts, tzAfterCommand); one before it only shows times.
  const c = addClient(ctx, { name: o.name, email: o.email, tz: o.ownTz, phone: o.phone });
  if (ctx.json) return ctx.data(clientJson(c));
  // The id alone on stdout, so scripts can write id=$(sched client add ...).
  ctx.say(String(c.id));
  ctx.info(`added client ${c.id}: ${c.name} <${c.email}>`);
}

export async function list(ctx: Ctx, _: string[], o: Record<string, any>) {
  const all = ctx.store.read((tx) => tx.listClients(o.search));
  if (ctx.json) return ctx.data(all.map(clientJson));
  if (all.length === 0) return ctx.say(o.search ? `no client matches "${o.search}"` : 'no clients yet: sched client add --name NAME --email EMAIL');
  const { table } = await import('./table');
  const rows = all.map((c) => [String(c.id), c.name, c.email, c.phone ?? '', c.tz ?? '']);
  for (const line of table([['ID', 'NAME', 'EMAIL', 'PHONE', 'ZONE'].map(ctx.style.bold), ...rows])) ctx.say(line);
}

export async function show(ctx: Ctx, [ref]: string[]) {
  const { client, views } = ctx.store.read((tx) => {
    const c = findClient(tx, ref!, 'CLIENT');
    const view = viewer(tx, ctx.tz);
    return { client: c, views: tx.listBookings({ clientId: c.id }).map(view) };
  });
  if (ctx.json) return ctx.data({ ...clientJson(client), bookings: views.map(bookingJson) });
  ctx.say(`${ctx.style.bold(`${client.id}  ${client.name}`)} <${client.email}>${client.phone ? `  ${client.phone}` : ''}${client.tz ? `  ${client.tz}` : ''}`);
  if (views.length === 0) return ctx.say('no sessions yet');
  ctx.say(`${views.length} session${views.length === 1 ? '' : 's'}:`);
  await printAgenda(ctx, views);
}

export function edit(ctx: Ctx, [ref]: string[], o: Record<string, any>) {
  const c = editClient(ctx, ref!, { name: o.name, email: o.email, tz: o.ownTz, phone: o.phone });
  if (ctx.json) ctx.data(clientJson(c));
  else ctx.say(`updated client ${c.id}`);
}
