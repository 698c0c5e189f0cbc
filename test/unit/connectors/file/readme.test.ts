import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileStreamSinkConfigDef, fileStreamSourceConfigDef } from '../../../../connectors/file/file-stream-config.js';

// The README's key tables are generated from the ConfigDefs; this keeps them from drifting apart.
describe('connectors/file/README.md', () => {
  const readme = readFileSync(new URL('../../../../connectors/file/README.md', import.meta.url), 'utf8');
  it.each([
    ['FileStreamSource', fileStreamSourceConfigDef],
    ['FileStreamSink', fileStreamSinkConfigDef],
  ])('documents every %s key as declared', (_name, def) => {
    expect(readme).toContain(def.toMarkdown().trim());
  });
});
