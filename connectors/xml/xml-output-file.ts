/**
 * Writes one output file atomically: a temporary file in the same directory, fsync, then rename. A file
 * with the same name (the same records delivered again after a restart) is replaced, never half-written.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export async function writeFileAtomically(dir: string, name: string, text: string): Promise<void> {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const file = await open(tmp, 'w');
  try {
    await file.writeFile(text, 'utf8');
    await file.datasync();
  } catch (err) {
    await file.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await file.close();
  await rename(tmp, join(dir, name));
}

/** Confluent's storage naming: `<topic>+<partition>+<offset, zero-padded to 10 digits>.xml`. */
export function outputFileName(topic: string, partition: number, offset: number): string {
  return `${topic}+${partition}+${String(offset).padStart(10, '0')}.xml`;
}
