import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What is persisted about a topic: one small JSON file per topic under `<dataDir>/topics/`. */
export interface TopicRecord {
  name: string;
  /** 32 hex chars (the 16-byte topic id). */
  id: string;
  partitions: number;
  internal: boolean;
  configs: Record<string, string>;
}

/** Persists topic records; a null dataDir keeps nothing (in-memory broker). */
export class TopicMetadataStore {
  readonly #dir: string | null;

  constructor(dataDir: string | null) {
    this.#dir = dataDir === null ? null : join(dataDir, 'topics');
  }

  async loadAll(): Promise<TopicRecord[]> {
    if (this.#dir === null) return [];
    await mkdir(this.#dir, { recursive: true });
    const out: TopicRecord[] = [];
    for (const file of await readdir(this.#dir)) {
      if (!file.endsWith('.json')) continue;
      const rec = JSON.parse(await readFile(join(this.#dir, file), 'utf8')) as TopicRecord;
      out.push(rec);
    }
    return out;
  }

  /** Writes atomically (temp file + rename) so a crash leaves the old or the new record, never half. */
  async save(rec: TopicRecord): Promise<void> {
    if (this.#dir === null) return;
    await mkdir(this.#dir, { recursive: true });
    const path = join(this.#dir, `${rec.name}.json`);
    await writeFile(`${path}.tmp`, JSON.stringify(rec, null, 2));
    await rename(`${path}.tmp`, path);
  }

  async remove(name: string): Promise<void> {
    if (this.#dir === null) return;
    await rm(join(this.#dir, `${name}.json`), { force: true });
  }
}
