// Checks of user-typed values. Each names the field (a flag such as --email, or a CSV column) and the fix.
import { domainToASCII } from 'node:url';
import { invalid } from '../errors';
import { FORMATS, type Format } from './types';

/** How a field is named in messages: the CLI's flag (--max-per-day) or an import's column (max_per_day). */
export type FieldNames = (key: string) => string;
export const flagNames: FieldNames = (key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
export const columnNames: FieldNames = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

// Control characters would let a value break out of a mail header or an iCalendar line.
const CONTROL = /[\u0000-\u001f\u007f]/;
// The text-direction overrides (LRO, RLO) turn round what follows them wherever the value is shown
// ("Eve\u202Egnp.exe" reads "Eveexe.png"): no name needs them, Arabic and Hebrew included. The marks, embeddings
// and isolates that other programs put in copied text (LRM, RLM, FSI, PDI ...) stay allowed.
export const DIRECTION = /[\u202d\u202e]/g;
const noDirection = (v: string, field: string) => {
  if (v.includes('\u202d') || v.includes('\u202e')) throw invalid(`${field} contains a text-direction override character`, 'type the text without it; right-to-left scripts need none');
};

export function text(value: string, field: string, max = 200): string {
  const v = value.trim();
  if (!v) throw invalid(`${field} is empty`, `give a value for ${field}`);
  if (CONTROL.test(v)) throw invalid(`${field} contains a line break or control character`, 'use plain text on one line');
  noDirection(v, field);
  if (v.length > max) throw invalid(`${field} is longer than ${max} characters`, `shorten it to ${max.toLocaleString('en')} characters`);
  return v;
}

/** The longest note, feedback or reason the office keeps (notes read in a calendar program stay readable). */
export const NOTE_MAX = 10_000;

/** Free text that may span lines (notes, feedback); only NUL and other non-printing controls are refused. */
export function note(value: string, field: string, max = NOTE_MAX): string {
  const v = value.replace(/\r\n?/g, '\n').trim();
  if (!v) throw invalid(`${field} is empty`, `give ${field} some text`);
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(v)) throw invalid(`${field} contains a control character (such as a bell, an escape or a tab)`, 'keep to plain text: letters, punctuation, spaces and line breaks');
  noDirection(v, field);
  if (v.length > max) throw invalid(`${field} is longer than ${max} characters`, `shorten it to ${max.toLocaleString('en')} characters, or keep the rest elsewhere`);
  return v;
}

/**
 * The HTML standard's valid e-mail address, which is what the ics package checks before it writes an ORGANIZER or
 * ATTENDEE: an address taken here must never stop a calendar file or an invitation later. Also a dot in the domain.
 */
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/** Whether an address can go in a calendar file and an email as it is (see EMAIL). */
export const isEmail = (v: string): boolean => v.length <= 254 && EMAIL.test(v);

export function email(value: string, field: string): string {
  const v = value.trim();
  if (isEmail(v)) return v;
  // Accents: few servers deliver to them before the @, and after it mail and calendars need the ASCII form,
  // which the hint gives (one form per address, so that it is found again however it is typed).
  const at = v.lastIndexOf('@');
  const [local, domain] = at < 0 ? [v, ''] : [v.slice(0, at), v.slice(at + 1)];
  const nonAscii = /[^\x00-\x7f]/;
  const ascii = domain && nonAscii.test(domain) ? domainToASCII(domain) : '';
  const hint = nonAscii.test(local)
    ? 'the part before the @ takes letters a-z without accents, digits and . _ + -'
    : ascii && isEmail(`${local}@${ascii}`) ? `write the domain in its ASCII form: ${local}@${ascii}` : 'use name@example.com';
  throw invalid(`${field}: "${value}" is not an email address`, hint);
}

export function phone(value: string, field: string): string {
  const v = value.trim();
  if (!/^\+?[0-9 ().\-/]{3,30}$/.test(v)) throw invalid(`${field}: "${value}" is not a phone number`, 'use digits, spaces and + ( ) - . /, e.g. +33 1 23 45 67 89');
  return v;
}

export function handle(value: string, field: string): string {
  const v = value.trim();
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(v)) throw invalid(`${field}: "${value}" is not a valid handle`, 'use 1-32 lowercase letters, digits, - or _, starting with a letter (e.g. alice)');
  if (v === 'any') throw invalid(`${field}: "any" is reserved`, 'it means "any free staff member" in slots and book');
  return v;
}

export function code(value: string, field: string): string {
  const v = value.trim();
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/i.test(v)) throw invalid(`${field}: "${value}" is not a valid code`, 'use 1-32 letters, digits, - or _ (e.g. intake)');
  return v;
}

export function int(value: string | number, field: string, min: number, max: number): number {
  const v = typeof value === 'number' ? value : value.trim();
  const n = typeof v === 'number' ? v : /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(`${field}: "${value}" is not a whole number from ${min} to ${max}`);
  return n;
}

export function format(value: string, field: string): Format {
  const v = value.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(v)) throw invalid(`${field}: "${value}" is not a format`, `use one of ${FORMATS.join(', ')}`);
  return v as Format;
}

export function bool(value: string, field: string): boolean {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw invalid(`${field}: "${value}" is not true or false`, 'use true or false');
}

export function id(value: string | number, field: string): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(`${field}: "${value}" is not an id`, 'ids are whole numbers, as shown by sched list');
  return n;
}
