/**
 * Reads XML documents from a directory (and optionally an HTTP URL) and emits one record per element at
 * `xml.record.path`. Documents stream through saxes, so a file of any size is read in constant memory.
 *
 * Offsets: partition `{file}` (or `{url}`), offset `{record: n, done}` where n counts the records emitted
 * so far from that document. A restarted task skips exactly the first n record elements (without building
 * them) and goes on with record n+1. The last record of a document is held back until the end of the
 * document is seen, so its offset says `done: true` and a finished file is never read again.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  abortableWait,
  ConnectError,
  EMPTY_HEADERS,
  SourceTask,
  type ConnectorProps,
  type SourcePartition,
  type SourceRecord,
} from '../../src/api/index.js';
import { XmlCodec } from '../../converters/xml/xml-codec.js';
import { XmlSyntaxError } from '../../converters/xml/xml-document-parser.js';
import { RecordValueReader } from './record-value-reader.js';
import { FileChunkReader, fetchXml, type XmlChunkReader } from './xml-chunk-reader.js';
import { XmlRecordSplitter, type SplitRecord } from '../../converters/xml/xml-record-splitter.js';
import {
  DONE_FIELD, FILE_FIELD, RECORD_FIELD, TASK_COUNT_KEY, TASK_INDEX_KEY, URL_FIELD, VERSION_FIELD, XML_CONNECTOR_VERSION,
  xmlSourceConfigDef, type XmlSourceConfig,
} from './xml-source-config.js';

/** One document being read. */
interface Stream {
  readonly label: string;
  readonly partition: SourcePartition;
  readonly version: string | null;
  readonly reader: XmlChunkReader;
  readonly splitter: XmlRecordSplitter;
  held: SplitRecord | undefined;
}

/** A stable 32-bit hash of a file name, to spread files over tasks. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class XmlSourceTask extends SourceTask {
  #config!: XmlSourceConfig;
  #codec!: XmlCodec;
  #values!: RecordValueReader;
  #recordPath: string[] = [];
  #strip = true;
  #pattern = /^$/;
  #taskIndex = 0;
  #taskCount = 1;
  #pending: string[] = [];
  readonly #finished = new Set<string>();
  #nextScanAt = 0;
  #nextHttpAt = 0;
  #stream: Stream | undefined;
  /** The HTTP body version read to the end in this task's life (its offset may not be committed yet). */
  #httpDoneVersion: string | null = null;
  readonly #abort = new AbortController();
  #polling: Promise<unknown> = Promise.resolve();

  version(): string {
    return XML_CONNECTOR_VERSION;
  }

  start(props: ConnectorProps): void {
    const config = xmlSourceConfigDef.parse(props);
    this.#config = config;
    try {
      this.#codec = new XmlCodec(config);
    } catch (err) {
      throw new ConnectError(`XmlSource: ${(err as Error).message}`, { cause: err });
    }
    this.#recordPath = config['xml.record.path'].split('/').filter((s) => s !== '');
    this.#values = new RecordValueReader(this.#codec, this.#recordPath);
    this.#strip = this.#codec.xsdModel !== undefined || config['xml.namespace.prefixes'] === 'strip';
    this.#pattern = new RegExp(config['input.file.pattern']);
    this.#taskIndex = Number(props[TASK_INDEX_KEY] ?? 0);
    this.#taskCount = Number(props[TASK_COUNT_KEY] ?? 1);
    if (config['input.path'] === null && config['http.url'] === null) {
      throw new ConnectError('XmlSource: set input.path (a directory of XML files) or http.url');
    }
  }

  poll(): Promise<SourceRecord[] | null> {
    const p = this.#poll();
    this.#polling = p.catch(() => undefined);
    return p;
  }

  async #poll(): Promise<SourceRecord[] | null> {
    const out: SourceRecord[] = [];
    const batch = this.#config['batch.size'];
    const timestamp = Date.now();
    while (out.length < batch && !this.#abort.signal.aborted) {
      const stream = this.#stream ?? (this.#stream = await this.#nextStream());
      if (stream === undefined) break;
      const records = stream.splitter.records;
      let taken = 0;
      while (taken < records.length && out.length < batch) {
        const next = records[taken++]!;
        if (stream.held !== undefined) this.#emit(out, stream, stream.held, false, timestamp);
        stream.held = next;
      }
      records.splice(0, taken);
      if (records.length > 0) break;
      const chunk = await stream.reader.read();
      try {
        if (chunk === null) stream.splitter.end();
        else stream.splitter.push(chunk);
      } catch (err) {
        if (!(err instanceof XmlSyntaxError)) throw err;
        this.#malformed(stream, err);
        await this.#finish(stream, out, timestamp);
        continue;
      }
      if (chunk === null) await this.#finish(stream, out, timestamp);
    }
    if (out.length === 0) {
      await abortableWait(this.#config['poll.interval.ms'], this.#abort.signal);
      return null;
    }
    return out;
  }

  #malformed(stream: Stream, err: XmlSyntaxError): void {
    if (this.#config['on.malformed.xml'] === 'fail') {
      throw new ConnectError(`XmlSource: ${stream.label} is not well-formed XML: ${err.message}; fix or remove the document, or set on.malformed.xml=skip`, { cause: err });
    }
    this.context.log.error({ file: stream.label, line: err.line, column: err.column, err }, 'malformed XML document; skipping the rest of it');
  }

  /** End of a document: emit the held-back record as the last one, and remember the document as done. */
  async #finish(stream: Stream, out: SourceRecord[], timestamp: number): Promise<void> {
    const records = stream.splitter.records;
    for (const r of records) {
      if (stream.held !== undefined) this.#emit(out, stream, stream.held, false, timestamp);
      stream.held = r;
    }
    records.length = 0;
    if (stream.held !== undefined) this.#emit(out, stream, stream.held, true, timestamp);
    stream.held = undefined;
    this.#stream = undefined;
    if (stream.partition[URL_FIELD] !== undefined) this.#httpDoneVersion = stream.version;
    else this.#finished.add(stream.label);
    await stream.reader.close();
    this.context.log.info({ file: stream.label, records: stream.splitter.count }, 'XML document done');
  }

  #emit(out: SourceRecord[], stream: Stream, rec: SplitRecord, done: boolean, timestamp: number): void {
    let converted: { schema: unknown; value: unknown };
    try {
      converted = this.#values.read(rec);
    } catch (err) {
      const where = `${stream.label}, record ${rec.index + 1} <${rec.name}>`;
      if (this.#config['on.malformed.xml'] === 'fail') {
        throw new ConnectError(`XmlSource: ${where} does not match the XSD: ${(err as Error).message}`, { cause: err });
      }
      this.context.log.error({ file: stream.label, record: rec.index + 1, err }, 'record does not match the XSD; skipped');
      return;
    }
    const offset: Record<string, string | number | boolean | null> = { [RECORD_FIELD]: rec.index + 1, [DONE_FIELD]: done };
    if (stream.version !== null) offset[VERSION_FIELD] = stream.version;
    out.push({
      topic: this.#config.topic, kafkaPartition: null, keySchema: null, key: null,
      valueSchema: converted.schema as SourceRecord['valueSchema'], value: converted.value,
      timestamp, headers: EMPTY_HEADERS, sourcePartition: stream.partition, sourceOffset: offset,
    });
  }

  async #nextStream(): Promise<Stream | undefined> {
    const url = this.#config['http.url'];
    const now = Date.now();
    if (url !== null && url !== '' && this.#taskIndex === 0 && now >= this.#nextHttpAt) {
      this.#nextHttpAt = now + this.#config['http.poll.interval.ms'];
      const stream = await this.#openHttp(url);
      if (stream !== undefined) return stream;
    }
    const dir = this.#config['input.path'];
    if (dir === null || dir === '') return undefined;
    if (this.#pending.length === 0 && now >= this.#nextScanAt) {
      this.#nextScanAt = now + this.#config['poll.interval.ms'];
      this.#pending = await this.#scan(resolve(dir));
    }
    while (this.#pending.length > 0) {
      const file = this.#pending.shift()!;
      if (this.#finished.has(file)) continue;
      const partition = { [FILE_FIELD]: file };
      const offset = await this.context.offsetStorageReader.offset(partition);
      if (offset?.[DONE_FIELD] === true) {
        this.#finished.add(file);
        continue;
      }
      const skip = typeof offset?.[RECORD_FIELD] === 'number' ? offset[RECORD_FIELD] : 0;
      let reader: XmlChunkReader;
      try {
        reader = await FileChunkReader.open(file, this.#config['read.buffer.bytes']);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed since the scan
        throw new ConnectError(`XmlSource cannot open '${file}': ${(err as Error).message}`, { cause: err });
      }
      this.context.log.info({ file, skip }, 'reading XML file');
      return { label: file, partition, version: null, reader, splitter: new XmlRecordSplitter(this.#recordPath, this.#strip, skip), held: undefined };
    }
    return undefined;
  }

  async #openHttp(url: string): Promise<Stream | undefined> {
    const partition = { [URL_FIELD]: url };
    const { reader, version } = await fetchXml(url, this.#abort.signal);
    const offset = await this.context.offsetStorageReader.offset(partition);
    const sameVersion = version !== null && offset?.[VERSION_FIELD] === version;
    if ((sameVersion && offset?.[DONE_FIELD] === true) || (version !== null && version === this.#httpDoneVersion)) {
      await reader.close();
      return undefined;
    }
    const skip = sameVersion && typeof offset?.[RECORD_FIELD] === 'number' ? offset[RECORD_FIELD] : 0;
    return { label: url, partition, version, reader, splitter: new XmlRecordSplitter(this.#recordPath, this.#strip, skip), held: undefined };
  }

  async #scan(dir: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.context.log.warn({ file: dir }, 'input.path does not exist yet; waiting for it');
        return [];
      }
      throw new ConnectError(`XmlSource cannot list input.path '${dir}': ${(err as Error).message}`, { cause: err });
    }
    const out: string[] = [];
    // A file modified more recently than this may still be being written: it waits for a later scan.
    const settledBefore = Date.now() - this.#config['input.file.min.age.ms'];
    for (const name of names.sort()) {
      if (!this.#pattern.test(name) || hashOf(name) % this.#taskCount !== this.#taskIndex) continue;
      const path = join(dir, name);
      if (this.#finished.has(path)) continue;
      const s = await stat(path).catch(() => undefined);
      if (s?.isFile() && s.mtimeMs <= settledBefore) out.push(path);
    }
    return out;
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#polling;
    const stream = this.#stream;
    this.#stream = undefined;
    await stream?.reader.close();
  }
}
