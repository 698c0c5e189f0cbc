import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { descriptors } from '../../../../connectors/s3/index.js';
import { s3SinkConfigDef } from '../../../../connectors/s3/sink/s3-sink-config.js';
import { s3SourceConfigDef } from '../../../../connectors/s3/source/s3-source-config.js';

// The README's key tables are generated from the ConfigDefs; this keeps them from drifting apart.
describe('connectors/s3/README.md', () => {
  const readme = readFileSync(new URL('../../../../connectors/s3/README.md', import.meta.url), 'utf8');
  it.each([
    ['sink', s3SinkConfigDef],
    ['source', s3SourceConfigDef],
  ])('documents every %s key as declared', (_name, def) => {
    expect(readme).toContain(def.toMarkdown().trim());
  });

  it('exports descriptors with the Confluent sink class as an alias', () => {
    expect(descriptors.map((d) => [d.kind, d.className, d.aliases])).toEqual([
      ['sink', 'io.tributary.connect.s3.S3SinkConnector', ['io.confluent.connect.s3.S3SinkConnector', 'S3SinkConnector', 'S3Sink']],
      ['source', 'io.tributary.connect.s3.S3SourceConnector', ['S3SourceConnector', 'S3Source']],
    ]);
    expect(descriptors[0]!.create()).toMatchObject({ kind: 'sink' });
  });
});
