// Making the folders a path needs. Node's mkdirSync(recursive) loops forever when the kernel refuses a folder
// with ENOENT under a parent that exists (/proc, /sys): each level is made here by itself, so that refusal
// comes back as an error instead.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function makeFolders(dir: string, mode?: number): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  if (missing.length === 0 && !statSync(dir).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR' });
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode });
    } catch (e) {
      // Another process made it meanwhile (two commands starting on a fresh machine): that is what we wanted.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw e;
    }
  }
}
