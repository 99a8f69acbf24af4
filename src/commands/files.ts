// Reading and writing the files that commands name: stdin for "-", whole files or nothing, one-line errors.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { invalid, SchedError } from '../errors';

/** FILE "-" reads stdin. The text must be UTF-8: a file saved in another encoding is refused, not read garbled. */
export function readInput(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalid(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`, 'give the path of an existing file, or - to read stdin');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = firstBadLine(bytes);
    throw new SchedError('invalid', `${file === '-' ? 'stdin' : file}: line ${line} is not UTF-8 text`, 'save the file as UTF-8 (in Excel: "CSV UTF-8")', { line });
  }
}

/** The line of the first byte sequence that is not UTF-8, counted from 1. */
function firstBadLine(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    if (nl < 0) break;
    line++;
    start = nl + 1;
  }
  return line;
}

/** Writes the whole file or nothing: a temporary file renamed over the target, and removed if that fails. */
export function writeWhole(path: string, text: string): void {
  const refuse = (why: string, hint = 'choose a folder that exists and that you can write to') => invalid(`-o ${path}: ${why}`, hint);
  if (path.endsWith('/') || isFolder(path)) throw refuse('is a folder', 'give a file name, e.g. -o exports/clients.csv');
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    // The temporary file holds the whole export (client names and addresses): never left behind. Removing it
    // can fail for the reason the write did (a file where a folder should be): that reason is the one to tell.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written there
    }
    const folder = dirname(path);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw refuse(`${fileOnTheWay(folder)} is a file, not a folder`);
    if (code === 'ENOENT') throw refuse(existsSync(folder) ? `cannot make a file in ${folder}` : 'its folder does not exist');
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw refuse('permission denied');
    if (code === 'EISDIR') throw refuse('is a folder', 'give a file name, e.g. -o exports/clients.csv');
    throw refuse((e as Error).message);
  }
}

/** The file that stands where `folder` or one of its parents should be a folder. */
function fileOnTheWay(folder: string): string {
  for (let p = folder; dirname(p) !== p; p = dirname(p)) {
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not there: look further up
    }
  }
  return folder;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
