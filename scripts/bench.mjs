// npm run bench: bundles each benchmark with esbuild, as scripts/build.mjs bundles sched, and runs them in turn.
// Not through tsx: tsx keeps function names by wrapping every function it creates in a call, which made the
// slot computation measure 60 % slower than the code sched ships.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benches = ['run', 'mail', 'import', 'tui'];

for (const name of benches) {
  const outfile = join(root, 'bench', 'out', `${name}.mjs`);
  await build({
    absWorkingDir: root,
    entryPoints: [`bench/${name}.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3', 'react-devtools-core'],
    // The benchmarks find the project from their own place: keep that the source file's.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, 'bench', `${name}.ts`)).href) },
    banner: { js: `import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(${JSON.stringify(join(root, 'package.json'))});` },
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
