import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xmlSinkConfigDef } from '../../../../connectors/xml/xml-sink-config.js';
import { xmlSourceConfigDef } from '../../../../connectors/xml/xml-source-config.js';
import { xmlConverterConfigDef } from '../../../../converters/xml/xml-config.js';
import { xmlFieldConfigDef } from '../../../../transforms/xml/xml-transform-config.js';

// docs/connectors/xml.md's key tables are generated from the ConfigDefs (between <!-- keys:NAME … --> and
// <!-- /keys -->); this keeps them from drifting apart. UPDATE_DOCS=1 rewrites them.
const path = new URL('../../../../docs/connectors/xml.md', import.meta.url);
const tables = [
  ['converter', xmlConverterConfigDef],
  ['transforms', xmlFieldConfigDef],
  ['source', xmlSourceConfigDef],
  ['sink', xmlSinkConfigDef],
] as const;

function section(name: string): RegExp {
  return new RegExp(`(<!-- keys:${name}\\b[^>]*-->\\n)([\\s\\S]*?)(\\n<!-- /keys -->)`);
}

describe('docs/connectors/xml.md', () => {
  if (process.env.UPDATE_DOCS === '1') {
    let doc = readFileSync(path, 'utf8');
    for (const [name, def] of tables) doc = doc.replace(section(name), (_m, open: string, _old: string, close: string) => open + def.toMarkdown().trim() + close);
    writeFileSync(path, doc);
  }
  const doc = readFileSync(path, 'utf8');
  it.each(tables)('documents every %s key as declared', (name, def) => {
    expect(section(name).exec(doc)?.[2]).toBe(def.toMarkdown().trim());
  });
});
