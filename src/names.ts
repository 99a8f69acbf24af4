// How a name that is taken gets a number: shared by the core (a default engagement name) and the migration
// that made engagement names unique per client, so both write names the importer accepts back.

/** The longest engagement name (as `--name` and the `name` column accept). */
export const ENGAGEMENT_NAME_MAX = 100;

/** `base (n)`, the base shortened so that the whole stays within `max` characters. */
export const numberedName = (base: string, n: number, max = ENGAGEMENT_NAME_MAX): string => {
  const suffix = ` (${n})`;
  return `${base.slice(0, max - suffix.length).trimEnd()}${suffix}`;
};

/** `base` (shortened to `max`) if no name in `taken` has it, else the first free `base (2)`, `base (3)`... */
export function freeName(base: string, taken: ReadonlySet<string>, max = ENGAGEMENT_NAME_MAX): string {
  const plain = base.slice(0, max).trimEnd();
  if (!taken.has(plain)) return plain;
  for (let n = 2; ; n++) {
    const name = numberedName(base, n, max);
    if (!taken.has(name)) return name;
  }
}
