// Clients: referred to by id or by email.
import { fieldReader, invalid, notFound, usage } from '../errors';
import type { Tx } from '../db/store';
import type { Env } from './env';
import { checkZone } from './time';
import type { Client } from './types';
import * as v from './validate';

export interface ClientInput {
  name?: string;
  email?: string;
  tz?: string;
  phone?: string;
}

/** A client by id ("12") or email ("ana@example.com"). */
export function findClient(tx: Tx, ref: string, field = '--client'): Client {
  const r = ref.trim();
  const client = /^\d+$/.test(r) ? tx.clientById(Number(r)) : r.includes('@') ? tx.clientByEmail(r) : undefined;
  if (!client) {
    throw notFound(`${field}: no client "${ref}"`, 'refer to a client by id or email; find them with sched client list --search NAME');
  }
  return client;
}

export function readClientInput(input: ClientInput, name: v.FieldNames = v.flagNames): Partial<Omit<Client, 'id'>> {
  const out: Partial<Omit<Client, 'id'>> = {};
  const f = fieldReader();
  if (input.name !== undefined) out.name = f.field(input.name, (x) => v.text(x, name('name')));
  if (input.email !== undefined) out.email = f.field(input.email, (x) => v.email(x, name('email')));
  if (input.tz !== undefined) out.tz = f.field(input.tz, (x) => x.trim() === '' ? null : checkZone(x, name('tz')));
  if (input.phone !== undefined) out.phone = f.field(input.phone, (x) => x.trim() === '' ? null : v.phone(x, name('phone')));
  f.done();
  return out;
}

function assertEmailFree(tx: Tx, email: string, self?: number) {
  const other = tx.clientByEmail(email);
  if (other && other.id !== self) throw invalid(`--email: client ${other.id} (${other.name}) already has ${email}`, `see sched client show ${other.id}`);
}

export function addClient(env: Env, input: ClientInput): Client {
  if (input.name === undefined) throw invalid('--name is required', 'sched client add --name NAME --email EMAIL');
  if (input.email === undefined) throw invalid('--email is required', 'sched client add --name NAME --email EMAIL');
  const f = readClientInput(input);
  return env.store.write((tx) => {
    assertEmailFree(tx, f.email!);
    const c = tx.insertClient({ name: f.name!, email: f.email!, tz: f.tz ?? null, phone: f.phone ?? null });
    tx.audit({ at: env.now(), actor: env.actor, action: 'client.add', entity: 'client', entityId: c.id, details: f });
    return c;
  });
}

export function editClient(env: Env, ref: string, input: ClientInput): Client {
  const f = readClientInput(input);
  if (Object.keys(f).length === 0) throw usage('nothing to change', 'give at least one of --name --email --tz --phone');
  return env.store.write((tx) => {
    const c = findClient(tx, ref, 'CLIENT');
    if (f.email) assertEmailFree(tx, f.email, c.id);
    tx.updateClient(c.id, f);
    tx.audit({ at: env.now(), actor: env.actor, action: 'client.edit', entity: 'client', entityId: c.id, details: f });
    return tx.clientById(c.id)!;
  });
}
