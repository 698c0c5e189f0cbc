/**
 * IBM's `XmlTransformation`: acts on the record value and picks the direction from it, as IBM's does — a
 * string or bytes value is parsed (FromXml), a struct/map/array is written as an XML string (ToXml).
 */
import type { ConnectRecord, RawConfig } from '../../src/api/index.js';
import { VALUE } from '../support/record-part.js';
import { TransformBase, TRANSFORM_ALIAS_KEY } from '../support/transform-base.js';
import { FromXml } from './from-xml.js';
import { ToXml } from './to-xml.js';
import { xmlTransformationConfigDef } from './xml-transform-config.js';

export class XmlTransformation<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  readonly #from = new FromXml<R>(VALUE, 'XmlTransformation');
  readonly #to = new ToXml<R>(VALUE, 'XmlTransformation');

  constructor() {
    super('XmlTransformation');
  }

  config() {
    return xmlTransformationConfigDef;
  }

  protected configureWith(configs: RawConfig): void {
    const { ['converter.type']: _ignored, ...rest } = xmlTransformationConfigDef.parse(configs);
    const sub = { ...rest, [TRANSFORM_ALIAS_KEY]: this.alias };
    this.#from.configure(sub);
    this.#to.configure(sub);
  }

  apply(record: R): R {
    const v = record.value;
    if (v === null || v === undefined) return record;
    return typeof v === 'string' || v instanceof Uint8Array ? this.#from.apply(record) : this.#to.apply(record);
  }
}
