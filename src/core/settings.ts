// Office settings: one row per key in the settings table, validated here, with defaults.
import { invalid } from '../errors';
import { durationWithin, formatDuration, parseDuration } from './duration';
import type { Env } from './env';
import type { Tx } from '../db/store';
import { checkZone } from './time';
import { bool, email, text } from './validate';

export interface OfficeSettings {
  officeName: string;
  defaultTz: string;
  autoConfirm: boolean;
  /** Minutes before a session inside which a cancellation or reschedule is recorded as late. */
  cancellationNoticeMin: number;
  /** Minutes before a session at which reminders go out. */
  reminderOffsetsMin: number[];
  /** Where the weekly office report goes; null: nobody. */
  adminEmail: string | null;
  /** Where in-person sessions happen, unless their service says otherwise. */
  officeAddress: string | null;
  /** Whether a no-show uses up the engagement's hours like a completed session. */
  noShowCounts: boolean;
  /** Part of every calendar UID (written by the migration that added calendar files). */
  officeUid: string;
}

interface SettingDef {
  describe: string;
  fallback: () => string;
  /** Validates and normalises what the user typed. */
  normalise: (value: string, field: string) => string;
}

let system: string | undefined;
/** The machine's zone, asked once (Intl takes a while to answer). */
const systemZone = () => {
  if (system === undefined) {
    const z = Intl.DateTimeFormat().resolvedOptions().timeZone;
    system = z && z !== 'Etc/Unknown' ? z : 'UTC';
  }
  return system;
};

const yesNo = (describe: string, fallback: boolean): SettingDef =>
  ({ describe, fallback: () => String(fallback), normalise: (v, f) => String(bool(v, f)) });
/** A setting that may be "none". */
const orNone = (describe: string, normalise: SettingDef['normalise']): SettingDef =>
  ({ describe, fallback: () => 'none', normalise: (v, f) => (v.trim().toLowerCase() === 'none' ? 'none' : normalise(v, f)) });

/** Minutes in a day. */
const DAY = 1440;

export const SETTINGS: Record<string, SettingDef> = {
  office_name: { describe: 'shown in headers and emails', fallback: () => 'My office', normalise: (v, f) => text(v, f, 100) },
  default_tz: { describe: 'zone for clients without one and for office-wide lists', fallback: systemZone, normalise: (v, f) => checkZone(v, f) },
  auto_confirm: yesNo('new bookings start confirmed (true/false)', false),
  cancellation_notice: {
    describe: 'a cancellation or reschedule closer to the session than this is recorded as late',
    fallback: () => '24h',
    normalise: (v, f) => formatDuration(durationWithin(v, f, 0, 365 * DAY)),
  },
  reminder_offsets: {
    describe: 'when reminders go out before a session, e.g. 24h,1h',
    fallback: () => '24h,1h',
    normalise: (v, f) => {
      const list = v.split(',').map((p) => p.trim());
      if (list.every((p) => !p)) throw invalid(`${f}: give at least one duration`, 'e.g. 24h,1h');
      // As --days refuses "mon,": a gap in the list is most likely a typo, not nothing.
      if (list.some((p) => !p)) throw invalid(`${f}: "${v}" has an empty item`, 'give durations separated by single commas, e.g. 24h,1h');
      const minutes = list.map((p) => durationWithin(p, f, 1, 60 * DAY));
      if (new Set(minutes).size < minutes.length) throw invalid(`${f}: "${v}" names one reminder twice`, 'give each time once, e.g. 24h,1h');
      return minutes.sort((a, b) => b - a).map(formatDuration).join(',');
    },
  },
  no_show_counts: yesNo("a no-show uses up the engagement's hours like a completed session (true/false)", true),
  admin_email: orNone('receives the weekly office report on Monday morning ("none": nobody)', email),
  office_address: orNone('where in-person sessions happen (shown in emails and calendar files)', (v, f) => text(v, f, 300)),
};

const ALIASES: Record<string, string> = { office: 'office_name', name: 'office_name', timezone: 'default_tz', tz: 'default_tz', cancel_notice: 'cancellation_notice', reminders: 'reminder_offsets', admin: 'admin_email', address: 'office_address' };

/** Accepts office-name, office_name, office.name ... */
export function settingKey(key: string): string {
  const k = key.trim().toLowerCase().replace(/[-.]/g, '_');
  const resolved = ALIASES[k] ?? k;
  if (!(resolved in SETTINGS)) throw invalid(`unknown setting "${key}"`, `use one of ${Object.keys(SETTINGS).join(', ')}`);
  return resolved;
}

const withDefaults = (stored: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(SETTINGS).map(([k, def]) => [k, stored[k] ?? def.fallback()]));

export const rawSettings = (tx: Tx): Record<string, string> => withDefaults(tx.settings());

export function officeSettings(tx: Tx): OfficeSettings {
  const stored = tx.settings();
  const r = withDefaults(stored);
  return {
    officeName: r.office_name!,
    defaultTz: r.default_tz!,
    autoConfirm: r.auto_confirm === 'true',
    cancellationNoticeMin: parseDuration(r.cancellation_notice!, 'cancellation_notice'),
    reminderOffsetsMin: r.reminder_offsets!.split(',').map((p) => parseDuration(p, 'reminder_offsets')),
    adminEmail: r.admin_email === 'none' ? null : r.admin_email!,
    officeAddress: r.office_address === 'none' ? null : r.office_address!,
    noShowCounts: r.no_show_counts === 'true',
    officeUid: stored.office_uid ?? 'sched',
  };
}

export function setSetting(env: Env, key: string, value: string): { key: string; value: string } {
  const k = settingKey(key);
  const v = SETTINGS[k]!.normalise(value, k);
  env.store.write((tx) => {
    tx.setSetting(k, v);
    tx.audit({ at: env.now(), actor: env.actor, action: 'config.set', entity: 'setting', entityId: k, details: { value: v } });
  });
  return { key: k, value: v };
}
