import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { byteArrayConverterConfigDef } from '../../../converters/byte-array-converter.js';
import { jsonConverterConfigDef } from '../../../converters/json-converter.js';
import { numberConverterConfigDef } from '../../../converters/number-converters.js';
import { stringConverterConfigDef } from '../../../converters/string-converter.js';

// The README's key tables are generated from the ConfigDefs; this keeps them from drifting apart.
describe('converters/README.md', () => {
  const readme = readFileSync(new URL('../../../converters/README.md', import.meta.url), 'utf8');
  it.each([
    ['JsonConverter', jsonConverterConfigDef],
    ['StringConverter', stringConverterConfigDef],
    ['ByteArrayConverter', byteArrayConverterConfigDef],
    ['Number converters', numberConverterConfigDef],
  ])('documents every %s key as declared', (_name, def) => {
    expect(readme).toContain(def.toMarkdown().trim());
  });
});
