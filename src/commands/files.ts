// Reading and writing the files that commands name: stdin for "-", whole files or nothing, one-line errors.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { invalid } from '../errors';

/** FILE "-" reads stdin. */
export function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw invalid(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (e as Error).message}`, 'give the path of an existing file, or - to read stdin');
  }
}

/** Writes the whole file or nothing: a temporary file renamed over the target. */
export function writeWhole(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    throw invalid(`-o ${path}: ${why}`, 'choose a folder that exists and that you can write to');
  }
}
