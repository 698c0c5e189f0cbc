/** What a file format does: turn the records of one file into bytes, appended to the file's buffer. */
import type { SinkRecord } from '../../../src/api/index.js';

/** Where a format writer appends bytes (the open file's buffer). */
export interface ByteSink {
  write(bytes: Uint8Array): void;
  /** Appends UTF-8 text; sinks batch it into large buffers (cheaper than a Buffer per record). */
  writeText(text: string): void;
}

/** Encodes the records of one file. Deterministic: the same records give the same bytes. */
export interface FormatWriter {
  /** False when `record` cannot join this file (Avro: a different schema); the partition writer then rotates. */
  accepts?(record: SinkRecord): boolean;
  /** Writes one record, or throws (a DataError) before writing anything. */
  write(record: SinkRecord, out: ByteSink): void;
  /** Throws the DataError `write` would throw, without writing (lets a file and its companions take a record all or none). */
  check?(record: SinkRecord): void;
  /** Bytes the writer itself holds before `finish` (columnar formats), counted against the memory cap. */
  readonly bufferedBytes?: number;
  /** Writes whatever ends the file (e.g. Avro's last block). Called once, before upload. */
  finish(out: ByteSink): void;
}

export interface RecordFormat {
  /** The file extension with its dot, before any compression suffix (`.json`, `.bin`, `.avro`). */
  readonly extension: string;
  /** Whether `s3.compression.type=gzip` applies (not to formats that compress inside, like Avro). */
  readonly compressible: boolean;
  newWriter(): FormatWriter;
}
