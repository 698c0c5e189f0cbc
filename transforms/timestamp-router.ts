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
  #topicFormat = '${topic}-${timestamp}';
  #lastDay = NaN;
  #lastFormatted = '';

  constructor(shortName = 'TimestampRouter') {
    super(shortName);
  }

  config() {
    return timestampRouterConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = timestampRouterConfig.parse(configs);
    this.#topicFormat = c['topic.format'];
    this.#format = new JavaDateFormat(c['timestamp.format']);
    this.#lastDay = NaN;
  }

  apply(record: R): R {
    const ts = record.timestamp;
    if (ts === null || ts === undefined) this.fail(record, `Timestamp missing on record`);
    // Consecutive records usually share the formatted value; reuse it while the millisecond is the same.
    if (ts !== this.#lastDay) {
      this.#lastFormatted = this.#format.format(new Date(ts));
      this.#lastDay = ts;
    }
    const topic = this.#topicFormat.replaceAll('${topic}', record.topic).replaceAll('${timestamp}', this.#lastFormatted);
    return newRecord(record, { topic });
  }
}

export const descriptor = singleDescriptor(
  'TimestampRouter',
  timestampRouterConfig,
  'Route to a topic named after the record topic and timestamp',
  () => new TimestampRouter(),
);
