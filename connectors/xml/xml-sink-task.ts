/**
 * Writes records as XML files. `record` mode writes one document per record as it arrives. `batch` mode
 * collects a partition's records in memory and writes them as one document when the batch has
 * `flush.size` records or is `rotate.interval.ms` old; `preCommit` only commits offsets up to the first
 * record of a batch that is still open, so nothing is acknowledged before it is on disk, and a restart
 * rebuilds the same batch (the same file name) from the same offsets.
 */
import { mkdir } from 'node:fs/promises';
import {
  ConnectError,
  DataError,
  SinkTask,
  topicPartitionKey,
  type ConnectorProps,
  type SinkRecord,
  type TopicPartition,
  type TopicPartitionOffsets,
} from '../../src/api/index.js';
import { XmlCodec } from '../../converters/xml/xml-codec.js';
import { decodeXml } from '../../converters/xml/xml-text-decoder.js';
import { XML_DECLARATION } from '../../converters/xml/xml-writer.js';
import { outputFileName, writeFileAtomically } from './xml-output-file.js';
import { xmlSinkConfigDef, type XmlSinkConfig } from './xml-sink-config.js';
import { XML_CONNECTOR_VERSION } from './xml-source-config.js';

const LEADING_DECLARATION = /^\uFEFF?\s*<\?xml[^?]*\?>\s*/;

interface OpenBatch {
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: number;
  readonly openedAt: number;
  readonly parts: string[];
}

export class XmlSinkTask extends SinkTask {
  #config!: XmlSinkConfig;
  #codec!: XmlCodec;
  #dir = '';
  readonly #batches = new Map<string, OpenBatch>();

  version(): string {
    return XML_CONNECTOR_VERSION;
  }

  async start(props: ConnectorProps): Promise<void> {
    this.#config = xmlSinkConfigDef.parse(props);
    try {
      this.#codec = new XmlCodec(this.#config);
    } catch (err) {
      throw new ConnectError(`XmlSink: ${(err as Error).message}`, { cause: err });
    }
    this.#dir = this.#config['output.path'];
    await mkdir(this.#dir, { recursive: true });
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const batchMode = this.#config['file.mode'] === 'batch';
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const element = await this.#element(r);
      if (element === undefined) continue;
      if (!batchMode) {
        // Written as UTF-8 whatever the record declared: its own declaration is replaced.
        const doc = XML_DECLARATION + element.replace(LEADING_DECLARATION, '');
        await writeFileAtomically(this.#dir, outputFileName(r.originalTopic, r.originalKafkaPartition, r.originalKafkaOffset), doc);
        continue;
      }
      const key = topicPartitionKey({ topic: r.originalTopic, partition: r.originalKafkaPartition });
      let batch = this.#batches.get(key);
      if (batch === undefined) {
        batch = { topic: r.originalTopic, partition: r.originalKafkaPartition, startOffset: r.originalKafkaOffset, openedAt: Date.now(), parts: [] };
        this.#batches.set(key, batch);
      }
      batch.parts.push(element.replace(LEADING_DECLARATION, ''));
      if (batch.parts.length >= this.#config['flush.size']) await this.#write(key, batch);
    }
    await this.#rotateExpired();
  }

  /** The record's XML, or undefined when it is skipped (null value, or reported to the DLQ). */
  async #element(r: SinkRecord): Promise<string | undefined> {
    const v = r.value;
    if (v === null || v === undefined) {
      if (this.#config['behavior.on.null.values'] === 'ignore') return undefined;
      throw new DataError(`XmlSink: record ${r.topic}-${r.kafkaPartition}@${r.kafkaOffset} has a null value; set behavior.on.null.values=ignore to skip tombstones`);
    }
    try {
      if (typeof v === 'string') return v;
      if (v instanceof Uint8Array) return decodeXml(v);
      return this.#codec.writeElement(r.valueSchema, v);
    } catch (err) {
      const error = new DataError(`XmlSink: record ${r.topic}-${r.kafkaPartition}@${r.kafkaOffset} cannot be written as XML: ${(err as Error).message}`, { cause: err });
      const reporter = this.context.errantRecordReporter();
      if (reporter === null) throw error;
      await reporter(r, error);
      return undefined;
    }
  }

  async #write(key: string, batch: OpenBatch): Promise<void> {
    const root = this.#config['batch.root.element.name'];
    const text = `${XML_DECLARATION}<${root}>${batch.parts.join('')}</${root}>`;
    await writeFileAtomically(this.#dir, outputFileName(batch.topic, batch.partition, batch.startOffset), text);
    this.#batches.delete(key);
  }

  async #rotateExpired(): Promise<void> {
    const deadline = Date.now() - this.#config['rotate.interval.ms'];
    for (const [key, batch] of [...this.#batches]) if (batch.openedAt <= deadline) await this.#write(key, batch);
  }

  /** Offsets up to the first record of each still-open batch; everything else was written. */
  override async preCommit(currentOffsets: TopicPartitionOffsets): Promise<TopicPartitionOffsets> {
    await this.#rotateExpired();
    return currentOffsets.map((o) => {
      const open = this.#batches.get(topicPartitionKey(o));
      return open === undefined ? o : { ...o, offset: open.startOffset };
    });
  }

  /** Partitions taken away: their open batches are dropped (uncommitted, so redelivered to the new owner). */
  override close(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.#batches.delete(topicPartitionKey(tp));
  }

  stop(): void {
    this.#batches.clear();
  }
}
