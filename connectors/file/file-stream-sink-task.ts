/**
 * Appends each record's value as one line to a file (or stdout), like Kafka's FileStreamSinkTask. `put`
 * buffers; `flush` writes and fsyncs, so the offsets the runtime commits after it cover only lines that are
 * on disk. Lines still buffered when the task stops are dropped, not written: their offsets were not
 * committed, so they are delivered again — writing them too would duplicate them.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { ConnectError, SinkTask, type ConnectorProps, type SinkRecord, type TopicPartitionOffsets } from '../../src/api/index.js';
import { FILE_CONNECTOR_VERSION, fileStreamSinkConfigDef } from './file-stream-config.js';
import { lineText } from './line-text.js';

/** Write out (without fsync) once this much is buffered, so memory stays bounded between commits. */
const WRITE_THRESHOLD_CHARS = 1 << 20;

export class FileStreamSinkTask extends SinkTask {
  #filename: string | null = null;
  #file: FileHandle | undefined;
  #pending: string[] = [];
  #pendingChars = 0;
  #unsynced = false;

  version(): string {
    return FILE_CONNECTOR_VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    const config = fileStreamSinkConfigDef.parse(props);
    this.#filename = config.file === null || config.file === '' ? null : config.file;
    if (this.#filename === null) return;
    try {
      this.#file = await open(this.#filename, 'a');
    } catch (err) {
      throw new ConnectError(`FileStreamSink cannot open '${this.#filename}' for appending: ${(err as Error).message}`, { cause: err });
    }
    this.context.log.info({ file: this.#filename }, 'writing sink file');
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    let text = '';
    for (let i = 0; i < records.length; i++) text += lineText(records[i]!.value) + '\n';
    this.#pending.push(text);
    this.#pendingChars += text.length;
    if (this.#pendingChars >= WRITE_THRESHOLD_CHARS) await this.#write();
  }

  override async flush(_currentOffsets?: TopicPartitionOffsets): Promise<void> {
    await this.#write();
    if (this.#unsynced && this.#file !== undefined) {
      await this.#file.datasync();
      this.#unsynced = false;
    }
  }

  async #write(): Promise<void> {
    if (this.#pending.length === 0) return;
    const text = this.#pending.length === 1 ? this.#pending[0]! : this.#pending.join('');
    this.#pending = [];
    this.#pendingChars = 0;
    if (this.#file === undefined) {
      await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
      return;
    }
    await this.#file.write(text);
    this.#unsynced = true;
  }

  async stop(): Promise<void> {
    this.#pending = [];
    this.#pendingChars = 0;
    const file = this.#file;
    this.#file = undefined;
    await file?.close();
  }
}
