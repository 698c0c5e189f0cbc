import { defineConfig, newRecord, type ConnectRecord, type RawConfig } from '../src/api/index.js';
import { singleDescriptor } from './support/descriptors.js';
import { parseLiteral, type SchemaAndValue } from './support/parse-literal.js';
import { TransformBase } from './support/transform-base.js';

export const insertHeaderConfig = defineConfig({
  header: { type: 'string', importance: 'high', doc: 'The name of the header.' },
  'value.literal': {
    type: 'string',
    importance: 'high',
    doc: 'The literal value that is to be set as the header value on all records.',
  },
});

/** Adds a header with a literal value (typed as Kafka's `Values.parseString` would type it). */
export class InsertHeader<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #header = '';
  #literal: SchemaAndValue = { schema: null, value: null };

  constructor(shortName = 'InsertHeader') {
    super(shortName);
  }

  config() {
    return insertHeaderConfig;
  }

  protected configureWith(configs: RawConfig): void {
    const c = insertHeaderConfig.parse(configs);
    this.#header = c.header;
    this.#literal = parseLiteral(c['value.literal']);
  }

  apply(record: R): R {
    const headers = record.headers.duplicate();
    headers.add(this.#header, this.#literal.value, this.#literal.schema);
    return newRecord(record, { headers });
  }
}

export const descriptor = singleDescriptor('InsertHeader', insertHeaderConfig, 'Add a header with a literal value', () => new InsertHeader());
