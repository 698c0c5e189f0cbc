/**
 * FromXml: parses XML held in the key/value (or one of its top-level fields) into Connect data, with the
 * XmlConverter's rules (XSD-typed struct, or schemaless). A null key/value/field stays null.
 */
import { type ConnectRecord, type RawConfig, type Schema } from '../../src/api/index.js';
import { XmlCodec } from '../../converters/xml/xml-codec.js';
import { decodeXml } from '../../converters/xml/xml-text-decoder.js';
import type { RecordPart } from '../support/record-part.js';
import { isPlainObject } from '../support/struct-values.js';
import { TransformBase } from '../support/transform-base.js';
import { FieldReplacer } from './field-replacer.js';
import { xmlFieldConfigDef } from './xml-transform-config.js';


export class FromXml<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #codec: XmlCodec | undefined;
  #replacer: FieldReplacer | undefined;

  constructor(private readonly part: RecordPart, shortName = `FromXml$${part.name === 'key' ? 'Key' : 'Value'}`) {
    super(shortName);
  }

  config() {
    return xmlFieldConfigDef;
  }

  protected configureWith(configs: RawConfig): void {
    const config = xmlFieldConfigDef.parse(configs);
    this.#codec = new XmlCodec(config);
    this.#replacer = config.field === '' ? undefined : new FieldReplacer(config.field);
  }

  apply(record: R): R {
    const codec = (this.#codec ??= new XmlCodec(xmlFieldConfigDef.parse({})));
    const value = this.part.value(record);
    const replacer = this.#replacer;
    if (replacer === undefined) {
      if (value === null || value === undefined) return record;
      const parsed = this.#parse(record, codec, value, null);
      return this.part.with(record, parsed.schema, parsed.value);
    }
    if (!isPlainObject(value)) {
      if (value === null || value === undefined) return record;
      return this.fail(record, `expected a struct or map ${this.part.name} holding field '${replacer.field}'`, replacer.field);
    }
    const xml = value[replacer.field];
    if (xml === null || xml === undefined) return record;
    const parsed = this.#parse(record, codec, xml, replacer.field);
    const schema = this.part.schema(record);
    if (schema === null) return this.part.with(record, null, replacer.value(value, parsed.value));
    if (schema.type !== 'struct' || !schema.fields?.some((f) => f.name === replacer.field)) {
      return this.fail(record, `the ${this.part.name} schema has no field '${replacer.field}'`, replacer.field);
    }
    if (parsed.schema === null) {
      return this.fail(
        record,
        'the record has a schema, so the parsed XML needs one too: set xsd.schema.path (or send documents with an embedded XSD)',
        replacer.field,
      );
    }
    return this.part.with(record, replacer.schema(schema, parsed.schema), replacer.value(value, parsed.value));
  }

  #parse(record: R, codec: XmlCodec, xml: unknown, field: string | null): { schema: Schema | null; value: unknown } {
    let text: string;
    if (typeof xml === 'string') text = xml;
    else if (xml instanceof Uint8Array) {
      try {
        text = decodeXml(xml);
      } catch (err) {
        return this.fail(record, (err as Error).message, field, err);
      }
    } else return this.fail(record, `expected XML as a string or bytes, found ${Array.isArray(xml) ? 'array' : typeof xml}`, field);
    try {
      return codec.read(text);
    } catch (err) {
      return this.fail(record, (err as Error).message, field, err);
    }
  }
}
