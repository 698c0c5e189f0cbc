/**
 * Turns one split record element into a Connect schema and value, with the XmlConverter's rules: typed by
 * the XSD (which must declare the record element as a global element) or schemaless.
 */
import type { Schema } from '../../src/api/index.js';
import type { XmlCodec } from '../../converters/xml/xml-codec.js';
import { readElement } from '../../converters/xml/xsd/xsd-value-reader.js';
import type { SplitRecord } from '../../converters/xml/xml-record-splitter.js';

export class RecordValueReader {
  readonly #codec: XmlCodec;
  readonly #path: string;

  constructor(codec: XmlCodec, recordPath: readonly string[]) {
    this.#codec = codec;
    this.#path = '/' + recordPath.join('/');
  }

  /** Throws a plain Error (with the element path) when the record does not match the XSD. */
  read(record: SplitRecord): { schema: Schema | null; value: unknown } {
    const model = this.#codec.xsdModel;
    if (model === undefined) return { schema: null, value: this.#codec.schemalessReader.element(record.content, this.#path, record.name) };
    const plan = model.rootPlan(record.name);
    if (plan === undefined) {
      throw new Error(`the XSD does not declare the record element <${record.name}> as a global element (it declares ${model.rootNames.join(', ')})`);
    }
    return { schema: plan.schema, value: readElement(plan, record.content, record.name) ?? null };
  }
}
