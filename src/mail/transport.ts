// Where mail goes: an SMTP server named by SCHED_SMTP_URL (nodemailer, loaded only when mail is sent),
// or, for a dry run, .eml files in a folder. The URL's password is never printed nor stored.
import { accessSync, constants, renameSync, writeFileSync } from 'node:fs';
import { makeFolders } from '../folders';
import { join } from 'node:path';
import { invalid } from '../errors';

export interface Address {
  name: string;
  address: string;
}

export interface OutgoingMail {
  /** The outbox key: names the .eml file of a dry run. */
  key: string;
  messageId: string;
  /** The Date header: the office clock (SCHED_NOW in tests and simulations). */
  date?: Date;
  from: Address;
  to: Address;
  replyTo?: Address;
  subject: string;
  text: string;
  html: string;
  /** An iCalendar invitation: nodemailer adds it as the text/calendar part and as an .ics attachment. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

export interface Sent {
  messageId: string;
  response: string;
}

export interface Sender {
  /** smtp://host:port (credentials hidden), or the dry run's folder. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<Sent>;
  close(): void;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  description: string;
}

/** Reads SCHED_SMTP_URL: smtp://[user:pass@]host[:port] (STARTTLS when offered) or smtps:// (TLS from the start). */
export function smtpConfig(url: string | undefined): SmtpConfig | null {
  if (url === undefined || url.trim() === '') return null;
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw invalid('SCHED_SMTP_URL is not a URL', 'use smtp://user:password@mail.example.com:587 or smtps://...:465');
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw invalid(`SCHED_SMTP_URL: "${u.protocol}" is not smtp: or smtps:`, 'use smtp://user:password@mail.example.com:587');
  if (!u.hostname) throw invalid('SCHED_SMTP_URL has no host', 'use smtp://user:password@mail.example.com:587');
  const secure = u.protocol === 'smtps:';
  const port = u.port ? Number(u.port) : secure ? 465 : 587;
  const decoded = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw invalid(`SCHED_SMTP_URL: the ${what} holds a % that is not an escape`, 'write % as %25 (and @ as %40, : as %3A) in the user name and password');
    }
  };
  const user = decoded(u.username, 'user name');
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    secure,
    auth: user ? { user, pass: decoded(u.password, 'password') } : undefined,
    // The user as written in the URL (office%40example.com): decoded, its @ would read as the host's.
    description: `${u.protocol}//${u.username ? `${u.username}@` : ''}${u.host}`,
  };
}

/** SCHED_MAIL_FROM: "Name <address>" or an address; the office name is the display name by default. */
export function mailFrom(value: string | undefined, officeName: string): Address {
  const v = (value ?? '').trim();
  if (!v) throw invalid('SCHED_MAIL_FROM is not set', 'e.g. SCHED_MAIL_FROM=office@example.com');
  const m = /^(?:"?([^"<>\r\n]*?)"?\s*)?<([^<>\s]+@[^<>\s]+)>$/.exec(v) ?? /^()([^<>\s"]+@[^<>\s"]+)$/.exec(v);
  if (!m) throw invalid(`SCHED_MAIL_FROM: "${v}" is not an address`, 'use office@example.com or "Office <office@example.com>"');
  return { name: m[1]?.trim() || officeName, address: m[2]! };
}

// Data is validated when it is typed or imported; this is the second lock, for whatever reached the
// database another way: a header value never carries a line break, and an address is one address.
const headerText = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
function safeAddress(a: Address): Address {
  if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+$/.test(a.address)) throw Object.assign(new Error(`"${headerText(a.address)}" is not a single email address`), { responseCode: 553 });
  return { name: headerText(a.name), address: a.address };
}

function toNodemailer(mail: OutgoingMail) {
  return {
    messageId: mail.messageId,
    ...(mail.date ? { date: mail.date } : {}),
    from: safeAddress(mail.from),
    to: safeAddress(mail.to),
    ...(mail.replyTo ? { replyTo: safeAddress(mail.replyTo) } : {}),
    subject: headerText(mail.subject),
    text: mail.text,
    html: mail.html,
    ...(mail.calendar ? { icalEvent: { method: mail.calendar.method, filename: mail.calendar.method === 'CANCEL' ? 'cancel.ics' : 'invite.ics', content: mail.calendar.content } } : {}),
  };
}

export async function smtpSender(config: SmtpConfig, opts: { pool?: boolean; maxConnections?: number } = {}): Promise<Sender> {
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.auth,
    pool: opts.pool ?? false,
    maxConnections: opts.maxConnections ?? 4,
    maxMessages: Infinity,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    description: config.description,
    async send(mail) {
      const info = await transport.sendMail(toNodemailer(mail));
      return { messageId: info.messageId, response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

/** A dry run: each message becomes DIR/KEY.eml, written whole (temporary file, then rename). */
export async function fileSender(dir: string): Promise<Sender> {
  const { default: nodemailer } = await import('nodemailer');
  try {
    makeFolders(dir);
    accessSync(dir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'is not a folder' : code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'no folder can be made there' : (e as Error).message;
    throw invalid(`--out ${dir}: ${why}`, 'give a folder to write the .eml files in (it is made if missing)');
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    description: `${dir} (dry run)`,
    async send(mail) {
      const info = await transport.sendMail(toNodemailer(mail));
      const file = join(dir, `${mail.key.replace(/[^a-zA-Z0-9_.-]+/g, '_')}.eml`);
      writeFileSync(`${file}.tmp`, info.message as Buffer);
      renameSync(`${file}.tmp`, file);
      return { messageId: info.messageId, response: `written to ${file}` };
    },
    close: () => transport.close(),
  };
}

export interface Failure {
  /** A 5xx answer (or a refused address) will not succeed later: no retry. */
  permanent: boolean;
  message: string;
}

/**
 * The server's exact words when it answered, else what went wrong on the way. Only a 5xx answer about
 * this message (to its recipient or its content) is permanent; a refused login (EAUTH), a server that wants
 * one (530), or a 5xx to the greeting or the sender address is the office's configuration, not the
 * message's fault, so it waits for the fix like a server that is down.
 */
export function describeFailure(e: unknown): Failure {
  const err = e as { code?: string; command?: string; responseCode?: number; response?: string; message?: string };
  const message = (err.response || err.message || String(e)).replace(/\s+/g, ' ').trim();
  const setup = err.code === 'EAUTH' || err.responseCode === 530 || /^(CONN|EHLO|HELO|AUTH|MAIL)/i.test(err.command ?? '');
  const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500 && !setup;
  return { permanent, message };
}
