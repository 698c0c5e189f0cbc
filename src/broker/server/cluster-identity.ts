import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The cluster id, stable per data directory (kept in `<dataDir>/meta.json`, like Kafka's
 * meta.properties); a fresh one per start for an in-memory broker.
 */
export async function loadClusterId(dataDir: string | null): Promise<string> {
  const fresh = randomBytes(16).toString('base64url');
  if (dataDir === null) return fresh;
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, 'meta.json');
  try {
    const meta = JSON.parse(await readFile(path, 'utf8')) as { clusterId?: unknown };
    if (typeof meta.clusterId === 'string' && meta.clusterId !== '') return meta.clusterId;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await writeFile(`${path}.tmp`, JSON.stringify({ clusterId: fresh, version: 1 }));
  await rename(`${path}.tmp`, path);
  return fresh;
}
