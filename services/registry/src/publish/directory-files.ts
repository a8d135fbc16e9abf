import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingFile } from './store-build';

/** Every file under a built widget's folder, with its path relative to that folder, in path order. */
export async function* directoryFiles(root: string): AsyncGenerator<IncomingFile> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
  for (const file of files) {
    yield { path: file.split(path.sep).join('/'), stream: createReadStream(path.join(root, file)) };
  }
}
