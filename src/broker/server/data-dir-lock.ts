import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Thrown when another live broker process already uses the data directory. */
export class DataDirLockedError extends Error {
  readonly code = 'TRIB_BROKER_DATA_DIR_LOCKED';
  constructor(readonly dataDir: string, readonly ownerPid: number) {
    super(`data directory ${dataDir} is in use by broker process ${ownerPid}`);
    this.name = 'DataDirLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Locks held by this process (a second broker in the same process must not share a data dir either).
const heldHere = new Set<string>();

/**
 * Takes `<dataDir>/.lock` (Kafka keeps one too) so two brokers never write the same logs. A lock left
 * by a dead process (kill -9) is taken over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, '.lock');
  if (heldHere.has(path)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) throw new DataDirLockedError(dataDir, owner);
      await rm(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock data directory ${dataDir}`);
}
