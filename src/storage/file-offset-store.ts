/**
 * Standalone mode's offset store (`offset.storage.file.filename`). The file is JSON:
 *
 *     {"version":1,"offsets":{"[\"file-src\",{\"filename\":\"/in.txt\"}]":"{\"position\":1234}"}}
 *
 * Keys and values are the exact JSON texts Kafka Connect writes to its offsets topic, so offsets can be
 * copied into a distributed cluster. Apache Kafka's standalone file is a Java-serialized HashMap
 * (ObjectOutputStream) — readable only by a JVM; we don't copy that format on purpose.
 *
 * Every `set` rewrites the whole file atomically: write a temp file beside it, fsync it, rename it over the
 * old one, fsync the directory. A crash at any point leaves either the old or the new file, never a torn one.
 */
import { open, readFile, rename, mkdir, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { ConnectError } from '../api/errors.js';
import type { OffsetBackingStore } from './offset-backing-store.js';

interface OffsetFile {
  readonly version: 1;
  readonly offsets: Record<string, string>;
}

export class FileOffsetStore implements OffsetBackingStore {
  readonly path: string;
  #data = new Map<string, string>();
  #writes: Promise<void> = Promise.resolve();
  #seq = 0;

  constructor(path: string) {
    this.path = path;
  }

  async start(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    if (text.trim() === '') return;
    let parsed: Partial<OffsetFile>;
    try {
      parsed = JSON.parse(text) as Partial<OffsetFile>;
    } catch (err) {
      throw new ConnectError(`offset file ${this.path} is not JSON (Java-serialized offset files from Apache Kafka are not supported; start with an empty file)`, {
        code: 'TRIB_OFFSET_FILE_INVALID',
        cause: err,
      });
    }
    if (parsed.version !== 1 || typeof parsed.offsets !== 'object' || parsed.offsets === null) {
      throw new ConnectError(`offset file ${this.path} has an unknown layout (expected {"version":1,"offsets":{…}})`, { code: 'TRIB_OFFSET_FILE_INVALID' });
    }
    this.#data = new Map(Object.entries(parsed.offsets).filter((e): e is [string, string] => typeof e[1] === 'string'));
  }

  async stop(): Promise<void> {
    await this.#writes.catch(() => undefined);
  }

  async get(keys: readonly string[]): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (const k of keys) out.set(k, this.#data.get(k) ?? null);
    return out;
  }

  async entries(): Promise<Map<string, string>> {
    return new Map(this.#data);
  }

  set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    const run = async () => {
      const next = new Map(this.#data);
      for (const [k, v] of entries) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      await this.#writeAtomically(next);
      this.#data = next; // only after the file is durable
    };
    const p = this.#writes.then(run, run);
    this.#writes = p.catch(() => undefined);
    return p;
  }

  async #writeAtomically(data: ReadonlyMap<string, string>): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${basename(this.path)}.${process.pid}.${++this.#seq}.tmp`);
    const body: OffsetFile = { version: 1, offsets: Object.fromEntries(data) };
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(body));
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw err;
    }
    await fh.close();
    await rename(tmp, this.path);
    // Make the rename itself durable.
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } catch {
      // some filesystems refuse fsync on a directory; the rename is still atomic
    } finally {
      await dh.close();
    }
  }
}
