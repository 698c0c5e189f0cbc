import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jdbcSinkConfigDef } from '../../../../connectors/jdbc/sink/jdbc-sink-config.js';
import { jdbcSourceConfigDef } from '../../../../connectors/jdbc/source/jdbc-source-config.js';

// The README's key tables are generated from the ConfigDefs; this keeps them from drifting apart.
describe('connectors/jdbc/README.md', () => {
  const readme = readFileSync(new URL('../../../../connectors/jdbc/README.md', import.meta.url), 'utf8');
  it.each([
    ['JdbcSourceConnector', jdbcSourceConfigDef],
    ['JdbcSinkConnector', jdbcSinkConfigDef],
  ])('documents every %s key as declared', (_name, def) => {
    expect(readme).toContain(def.toMarkdown().trim());
  });
});
