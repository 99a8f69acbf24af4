// Builds the CLI with esbuild into dist/:
//   sched.cjs        every command, one CommonJS file; each command's code is evaluated only when it runs
//   sched.cjs.cache  V8's compiled code for it, made here by running the everyday commands once (bin/bundle.cjs)
//   tui/             `sched tui`: Ink and React, an ES module bundle (Ink's yoga-layout uses top-level await)
// See README, "Start-up", for what each part saves.
import { build } from 'esbuild';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Built beside dist and swapped in, so a test or command running meanwhile never finds dist half-written.
const out = `dist.tmp-${process.pid}`;
rmSync(join(root, out), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Smaller files load faster at every start; the source map keeps stack traces readable.
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * The TUI stays out of sched.cjs: src/tui/load.ts becomes an import() of dist/tui/main.js, made from
 * dist/import-esm.cjs, because V8 runs no import() inside a script compiled from a code cache (bin/bundle.cjs).
 */
const tuiOutside = {
  name: 'tui-outside',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]tui[\\/]load\.ts$/ }, () => ({
      loader: 'js',
      contents: "import { join } from 'node:path'; import { pathToFileURL } from 'node:url';\n" +
        "export const loadTui = () => require('./import-esm.cjs')(pathToFileURL(join(__dirname, 'tui', 'main.js')).href);",
    }));
    b.onResolve({ filter: /^\.\/import-esm\.cjs$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * Libraries only some commands use (mail, calendars, CSV, the daemon's timer) are bundled on their own, each
 * into dist/vendor/, and required when one of those commands runs: sched.cjs, which every command loads,
 * holds only what the everyday commands need.
 */
const VENDOR = ['nodemailer', 'node-cron', 'ical.js', 'ics', 'csv-parse/sync', 'csv-stringify/sync'];
const vendorFile = (name) => `vendor/${name.replace(/\//g, '-')}.cjs`;
const vendorOutside = {
  name: 'vendor-outside',
  setup(b) {
    b.onResolve({ filter: /^[\w.@/-]+$/ }, (args) => {
      if (!VENDOR.includes(args.path)) return undefined;
      // An import() becomes a require(): no import() runs in the cached script, and these are CommonJS files.
      return args.kind === 'dynamic-import' ? { path: args.path, namespace: 'vendor-require' } : { path: `./${vendorFile(args.path)}`, external: true };
    });
    b.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'vendor-require' }, (args) => ({ loader: 'js', contents: `module.exports = require(${JSON.stringify(`./${vendorFile(args.path)}`)});` }));
  },
};

await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: `${out}/sched.cjs`,
  format: 'cjs',
  // better-sqlite3 is a native addon, loaded from node_modules at run time.
  external: ['better-sqlite3'],
  plugins: [tuiOutside, vendorOutside],
  // import.meta.url, written for ES modules, is this file's URL here.
  define: { 'import.meta.url': '__schedUrl' },
  banner: { js: "var __schedUrl = require('node:url').pathToFileURL(__filename).href;" },
});

for (const name of VENDOR) {
  await build({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, sourcefile: `${name} (vendor)` },
    outfile: `${out}/${vendorFile(name)}`,
    format: 'cjs',
  });
}

await build({
  ...common,
  entryPoints: ['src/tui/main.tsx'],
  outdir: `${out}/tui`,
  format: 'esm',
  splitting: true,
  // Ink imports react-devtools-core only when DEV=true; it is not installed, so leave that import unresolved.
  external: ['better-sqlite3', 'react-devtools-core'],
  // React's production build: its development build (chosen at run time when NODE_ENV is unset) checks and
  // warns on every render.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Some bundled dependencies (React) are CommonJS and call require(); give the ES module chunks one.
  banner: { js: "import { createRequire as __schedCreateRequire } from 'node:module'; const require = __schedCreateRequire(import.meta.url);" },
});

writeFileSync(join(root, out, 'import-esm.cjs'), "'use strict';\n// import() from a module Node compiled itself: see tuiOutside in scripts/build.mjs.\nmodule.exports = (url) => import(url);\n");

rmSync(join(root, 'dist'), { recursive: true, force: true });
renameSync(join(root, out), join(root, 'dist'));
await writeCodeCache();

/**
 * Runs the commands people type every day in a throwaway demo office, then saves V8's code for what they ran.
 * Only functions a run compiled are in the cache; the demo itself is made by a second copy of the bundle, so
 * that its code (run once per office) stays out.
 */
async function writeCodeCache() {
  const { loadBundle, CACHE } = createRequire(import.meta.url)('../bin/bundle.cjs');
  const office = loadBundle(false).exports;
  const { exports: cli, script } = loadBundle(false);
  const dir = mkdtempSync(join(tmpdir(), 'sched-build-'));
  const env = { SCHED_DB: join(dir, 'warm.db'), SCHED_NOW: '2026-11-25T10:00:00Z', SCHED_USER: 'build', NO_COLOR: '1' };
  const run = async (main, argv) => {
    let stdout = '';
    const code = await main(argv, { stdout: { write: (s) => (stdout += s) }, stderr: { write: () => true }, env });
    if (code !== 0) throw new Error(`warming the code cache: sched ${argv.join(' ')} exited with ${code}`);
    return stdout;
  };
  try {
    await run(office.main, ['demo']);
    await run(cli.main, ['--help']);
    await run(cli.main, ['list']);
    await run(cli.main, ['list', '--json']);
    await run(cli.main, ['staff', 'list']);
    const [slot] = JSON.parse(await run(cli.main, ['slots', 'any', '--service', 'coaching', '--days', '3', '--json']));
    const booking = JSON.parse(await run(cli.main, ['book', '--staff', slot.staff, '--client', 'ana.lima@example.com', '--service', 'coaching', '--at', slot.start, '--json']));
    await run(cli.main, ['show', String(booking.id)]);
    await run(cli.main, ['confirm', String(booking.id)]);
    writeFileSync(CACHE, script.createCachedData());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
