/**
 * Reads lines from a file (or stdin) and emits one STRING record per line, like Kafka's FileStreamSourceTask.
 * The source partition is `{filename}` and the offset `{position}` (the byte just after the line), so a
 * restarted task resumes after the last line Kafka acknowledged. At end of file the task keeps the file open
 * and waits for appended lines (`tail -f`). A file that does not exist yet is waited for.
 */
import { open, type FileHandle } from 'node:fs/promises';
import {
  abortableWait,
  ConnectError,
  EMPTY_HEADERS,
  Schemas,
  SourceTask,
  type ConnectorProps,
  type SourcePartition,
  type SourceRecord,
} from '../../src/api/index.js';
import { FILENAME_FIELD, FILE_CONNECTOR_VERSION, POSITION_FIELD, fileStreamSourceConfigDef } from './file-stream-config.js';
import { LineSplitter, type Line } from './line-splitter.js';

const READ_CHUNK_BYTES = 256 * 1024;
/** How long poll() waits at end of file before returning nothing (Kafka waits 1 s; shorter keeps tails snappy). */
const IDLE_WAIT_MS = 100;
const MISSING_FILE_WAIT_MS = 1000;

export class FileStreamSourceTask extends SourceTask {
  #filename: string | null = null;
  #topic = '';
  #batchSize = 2000;
  #partition: SourcePartition | null = null;
  #file: FileHandle | undefined;
  #splitter: LineSplitter | undefined;
  #stdin: StdinReader | undefined;
  #missingLogged = false;
  readonly #abort = new AbortController();
  #polling: Promise<unknown> = Promise.resolve();

  version(): string {
    return FILE_CONNECTOR_VERSION;
  }

  start(props: ConnectorProps): void {
    const config = fileStreamSourceConfigDef.parse(props);
    this.#filename = config.file === null || config.file === '' ? null : config.file;
    this.#topic = config.topic;
    this.#batchSize = config['batch.size'];
    if (this.#filename === null) {
      this.#stdin = new StdinReader();
    } else {
      this.#partition = { [FILENAME_FIELD]: this.#filename };
    }
  }

  poll(): Promise<SourceRecord[] | null> {
    const p = this.#poll();
    this.#polling = p.catch(() => undefined);
    return p;
  }

  async #poll(): Promise<SourceRecord[] | null> {
    if (this.#abort.signal.aborted) return null;
    const lines: Line[] = [];
    if (this.#stdin !== undefined) {
      await this.#stdin.read(lines, this.#batchSize, IDLE_WAIT_MS, this.#abort.signal);
    } else {
      if (this.#file === undefined && !(await this.#openFile())) return null;
      await this.#readLines(lines);
    }
    if (lines.length === 0) {
      await abortableWait(IDLE_WAIT_MS, this.#abort.signal);
      return null;
    }
    return this.#toRecords(lines);
  }

  async #openFile(): Promise<boolean> {
    const filename = this.#filename!;
    try {
      this.#file = await open(filename, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ConnectError(`FileStreamSource cannot open '${filename}': ${(err as Error).message}`, { cause: err });
      }
      if (!this.#missingLogged) this.context.log.warn({ file: filename }, 'source file not found; waiting for it to be created');
      this.#missingLogged = true;
      await abortableWait(MISSING_FILE_WAIT_MS, this.#abort.signal);
      return false;
    }
    const last = await this.context.offsetStorageReader.offset(this.#partition!);
    const stored = last?.[POSITION_FIELD];
    const position = typeof stored === 'number' && stored >= 0 ? stored : 0;
    if (typeof stored !== 'number' && stored !== undefined && stored !== null) {
      throw new ConnectError(`FileStreamSource: stored offset for '${filename}' has a non-numeric position ${JSON.stringify(stored)}`);
    }
    this.#splitter = new LineSplitter(position);
    this.context.log.info({ file: filename, position }, 'reading source file');
    return true;
  }

  /** Complete lines from the file, at most batch.size; stops at end of file. */
  async #readLines(out: Line[]): Promise<void> {
    const splitter = this.#splitter!;
    const file = this.#file!;
    splitter.drain(out, this.#batchSize);
    while (out.length < this.#batchSize && !this.#abort.signal.aborted) {
      const chunk = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      const { bytesRead } = await file.read(chunk, 0, READ_CHUNK_BYTES, splitter.position + splitter.pending);
      if (bytesRead === 0) return;
      splitter.push(chunk.subarray(0, bytesRead));
      splitter.drain(out, this.#batchSize - out.length);
    }
  }

  #toRecords(lines: readonly Line[]): SourceRecord[] {
    const timestamp = Date.now();
    const topic = this.#topic;
    const partition = this.#partition;
    const records = new Array<SourceRecord>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      // A literal instead of sourceRecord(): one allocation per line on the hot path.
      records[i] = {
        topic, kafkaPartition: null, keySchema: null, key: null, valueSchema: Schemas.STRING, value: line.text,
        timestamp, headers: EMPTY_HEADERS,
        sourcePartition: partition,
        sourceOffset: partition === null ? null : { [POSITION_FIELD]: line.next },
      };
    }
    return records;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#polling;
    this.#stdin?.close();
    const file = this.#file;
    this.#file = undefined;
    await file?.close();
  }
}

/** Lines from process.stdin (no offsets: stdin cannot be re-read, as in Kafka). */
class StdinReader {
  readonly #splitter = new LineSplitter();
  #wake: (() => void) | undefined;
  readonly #onData = (chunk: Buffer) => {
    this.#splitter.push(chunk);
    this.#wake?.();
  };

  constructor() {
    process.stdin.on('data', this.#onData);
  }

  async read(out: Line[], max: number, waitMs: number, signal: AbortSignal): Promise<void> {
    if (this.#splitter.drain(out, max) > 0) return;
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      void abortableWait(waitMs, signal).then(resolve);
    });
    this.#wake = undefined;
    this.#splitter.drain(out, max);
  }

  close(): void {
    process.stdin.off('data', this.#onData);
    process.stdin.pause();
  }
}
