import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { postgresCdcConfigDef } from '../../../../connectors/postgres-cdc/postgres-cdc-config.js';

// The README's key table is generated from the ConfigDef; this keeps them from drifting apart.
describe('connectors/postgres-cdc/README.md', () => {
  it('documents every key as declared', () => {
    const readme = readFileSync(new URL('../../../../connectors/postgres-cdc/README.md', import.meta.url), 'utf8');
    expect(readme).toContain(postgresCdcConfigDef.toMarkdown().trim());
  });
});
