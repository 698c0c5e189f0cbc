import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xmlConverterConfigDef } from '../../../../converters/xml/xml-config.js';

// converters/README.md's XmlConverter key table is generated from the ConfigDef; this keeps them in step.
describe('converters/README.md (XmlConverter section)', () => {
  it('documents every XmlConverter key as declared', () => {
    const readme = readFileSync(new URL('../../../../converters/README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## XmlConverter'));
    expect(section).toContain(xmlConverterConfigDef.toMarkdown().trim());
  });
});
