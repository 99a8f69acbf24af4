// npm run bench: bundles each benchmark with esbuild, as scripts/build.mjs bundles sched, and runs them in turn.
// Not through tsx: tsx keeps function names by wrapping every function it creates in a call, which made the
// slot computation measure 60 % slower than the code sched ships.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benches = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : ['run', 'mail', 'import', 'tui'];

const out = join(root, 'bench', 'out');
await build({
  absWorkingDir: root,
  entryPoints: benches.map((name) => `bench/${name}.ts`),
  outdir: out,
  bundle: true,
  // Chunks, as for sched tui: Ink imports react-devtools-core (not installed) only in a chunk it never loads.
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'react-devtools-core'],
  // The benchmarks find the project from their own folder: keep import.meta.url in bench/.
  // React's production build, as in dist/tui (scripts/build.mjs).
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'bench', 'bundled.js')).href), 'process.env.NODE_ENV': '"production"' },
  banner: { js: `import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(${JSON.stringify(join(root, 'package.json'))});` },
  logLevel: 'warning',
});
for (const name of benches) {
  const r = spawnSync(process.execPath, [join(out, `${name}.js`), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
