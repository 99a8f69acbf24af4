'use strict';
// Loads dist/sched.cjs, the CLI's bundle, with the V8 code cache that the build wrote beside it
// (dist/sched.cjs.cache). Node 20 compiles every script from source at each start (Node 22 adds
// module.enableCompileCache); with the cache, V8 skips parsing and compiling what the common commands run,
// which is about a fifth of a command's start-up. A cache made by another Node version or with other V8
// flags is rejected by V8 itself, and the bundle is then compiled as usual: slower, never wrong.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'sched.cjs');
const CACHE = `${BUNDLE}.cache`;

/** Runs the bundle as a CommonJS module and returns its exports, and the script (whose cache the build saves). */
function loadBundle(useCache = true) {
  const source = readFileSync(BUNDLE, 'utf8');
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(CACHE);
    } catch {
      // No cache (a build interrupted, or removed by hand): compile from source.
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return { exports: module.exports, script };
}

module.exports = { loadBundle, BUNDLE, CACHE };
