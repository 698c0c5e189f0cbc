import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datagenConfigDef } from '../../../../connectors/datagen/datagen-config.js';

describe('connectors/datagen/README.md', () => {
  it('documents every key as declared', () => {
    const readme = readFileSync(new URL('../../../../connectors/datagen/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(datagenConfigDef.toMarkdown().trim());
  });
});
