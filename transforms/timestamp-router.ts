import { defineConfig, newRecord, type ConnectRecord, type RawConfig } from '../src/api/index.js';
import { singleDescriptor } from './support/descriptors.js';
import { JavaDateFormat } from './support/java-date-format.js';
import { TransformBase } from './support/transform-base.js';

export const timestampRouterConfig = defineConfig({
  'topic.format': {
    type: 'string',
    default: '${topic}-${timestamp}',
    importance: 'high',
    doc: 'Format string which can contain <code>${topic}</code> and <code>${timestamp}</code> as placeholders for the topic and timestamp, respectively.',
  },
  'timestamp.format': {
    type: 'string',
    default: 'yyyyMMdd',
    importance: 'high',
    doc: 'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
  },
});

/** Routes to `topic.format` with the record's topic and its timestamp (formatted in UTC). */
export class TimestampRouter<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #format = new JavaDateFormat('yyyyMMdd');
  /** topic.format split at its placeholders, so a record costs one join, not two replaceAll scans. */
  #parts: readonly ('topic' | 'timestamp' | string)[] = [];
  #placeholders: readonly boolean[] = [];

  constructor(shortName = 'TimestampRouter') {
    super(shortName);
  }

  config() {
    return timestampRouterConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = timestampRouterConfig.parse(configs);
    this.#format = new JavaDateFormat(c['timestamp.format']);
    const parts: string[] = [];
    const placeholders: boolean[] = [];
    for (const piece of c['topic.format'].split(/(\$\{topic\}|\$\{timestamp\})/)) {
      if (piece === '') continue;
      const isPlaceholder = piece === '${topic}' || piece === '${timestamp}';
      parts.push(isPlaceholder ? piece.slice(2, -1) : piece);
      placeholders.push(isPlaceholder);
    }
    this.#parts = parts;
    this.#placeholders = placeholders;
  }

  apply(record: R): R {
    const ts = record.timestamp;
    if (ts === null || ts === undefined) this.fail(record, 'Timestamp missing on record');
    const formatted = this.#format.formatMillis(ts);
    let topic = '';
    for (let i = 0; i < this.#parts.length; i++) {
      const p = this.#parts[i]!;
      topic += !this.#placeholders[i] ? p : p === 'topic' ? record.topic : formatted;
    }
    return newRecord(record, { topic });
  }
}

export const descriptor = singleDescriptor(
  'TimestampRouter',
  timestampRouterConfig,
  'Route to a topic named after the record topic and timestamp',
  () => new TimestampRouter(),
);
