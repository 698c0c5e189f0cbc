import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xmlSinkConfigDef } from '../../../../connectors/xml/xml-sink-config.js';
import { xmlSourceConfigDef } from '../../../../connectors/xml/xml-source-config.js';
import { xmlConverterConfigDef } from '../../../../converters/xml/xml-config.js';
import { xmlFieldConfigDef } from '../../../../transforms/xml/xml-transform-config.js';

// docs/connectors/xml.md's key tables are generated from the ConfigDefs; this keeps them from drifting apart.
describe('docs/connectors/xml.md', () => {
  const doc = readFileSync(new URL('../../../../docs/connectors/xml.md', import.meta.url), 'utf8');
  it.each([
    ['XmlConverter', xmlConverterConfigDef],
    ['FromXml/ToXml', xmlFieldConfigDef],
    ['XmlSource', xmlSourceConfigDef],
    ['XmlSink', xmlSinkConfigDef],
  ])('documents every %s key as declared', (_name, def) => {
    expect(doc).toContain(def.toMarkdown().trim());
  });
});
