/**
 * ToXml: writes the key/value (or one of its top-level fields) as an XML document string, with the
 * XmlConverter's rules (root element from the schema name or `root.element.name`, optional embedded XSD).
 * A null key/value/field stays null.
 */
import { Schemas, type ConnectRecord, type RawConfig } from '../../src/api/index.js';
import { XmlCodec } from '../../converters/xml/xml-codec.js';
import type { RecordPart } from '../support/record-part.js';
import { isPlainObject } from '../support/struct-values.js';
import { TransformBase } from '../support/transform-base.js';
import { FieldReplacer } from './field-replacer.js';
import { xmlFieldConfigDef } from './xml-transform-config.js';

export class ToXml<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  #codec: XmlCodec | undefined;
  #replacer: FieldReplacer | undefined;

  constructor(private readonly part: RecordPart, shortName = `ToXml$${part.name === 'key' ? 'Key' : 'Value'}`) {
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
    const schema = this.part.schema(record);
    const replacer = this.#replacer;
    if (replacer === undefined) {
      if (value === null || value === undefined) return record;
      return this.part.with(record, Schemas.STRING, this.#write(record, codec, schema, value, null));
    }
    if (!isPlainObject(value)) {
      if (value === null || value === undefined) return record;
      return this.fail(record, `expected a struct or map ${this.part.name} holding field '${replacer.field}'`, replacer.field);
    }
    const inner = value[replacer.field];
    if (inner === null || inner === undefined) return record;
    if (schema === null) return this.part.with(record, null, replacer.value(value, this.#write(record, codec, null, inner, replacer.field)));
    const field = schema.fields?.find((f) => f.name === replacer.field);
    if (field === undefined) return this.fail(record, `the ${this.part.name} schema has no field '${replacer.field}'`, replacer.field);
    const xml = this.#write(record, codec, field.schema, inner, replacer.field);
    return this.part.with(record, replacer.schema(schema, Schemas.STRING), replacer.value(value, xml));
  }

  #write(record: R, codec: XmlCodec, schema: Parameters<XmlCodec['write']>[0], value: unknown, field: string | null): string {
    try {
      return codec.write(schema, value);
    } catch (err) {
      return this.fail(record, (err as Error).message, field, err);
    }
  }
}
