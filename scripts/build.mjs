// Bundles the CLI with esbuild: one small entry chunk plus a lazily imported chunk per command,
// so an ordinary command loads only what it uses (see README, "Start-up").
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Built beside dist and swapped in, so a test or command running meanwhile never finds dist half-written.
const out = `dist.tmp-${process.pid}`;
rmSync(`${root}/${out}`, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // better-sqlite3 is a native addon: it is loaded from node_modules at run time. Ink imports
  // react-devtools-core only when DEV=true; it is not installed, so leave that import unresolved.
  external: ['better-sqlite3', 'react-devtools-core'],
  // Some bundled dependencies are CommonJS and call require(); give ESM chunks one.
  banner: { js: "import { createRequire as __schedCreateRequire } from 'node:module'; const require = __schedCreateRequire(import.meta.url);" },
  // Smaller chunks parse faster at every start; the source map keeps stack traces readable.
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
});
rmSync(`${root}/dist`, { recursive: true, force: true });
renameSync(`${root}/${out}`, `${root}/dist`);
