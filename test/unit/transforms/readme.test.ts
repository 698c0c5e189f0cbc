import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../../../transforms/support/readme-template.js';
import { registry } from './transform-test-kit.js';

const readmePath = resolve(import.meta.dirname, '../../../transforms/README.md');
const ours = (className: string) => className.startsWith('org.apache.kafka.connect.transforms.') || className.startsWith('io.debezium.transforms.');

describe('transforms/README.md', () => {
  it('matches the ConfigDefs (UPDATE_README=1 rewrites it)', async () => {
    const reg = await registry();
    const text = renderReadme(reg.list(['transformation', 'predicate']).filter((d) => ours(d.className)));
    if (process.env.UPDATE_README === '1') writeFileSync(readmePath, text);
    expect(readFileSync(readmePath, 'utf8')).toBe(text);
    for (const key of ['topic.field', 'field.syntax.version', 'unix.precision', 'delete.tombstone.handling.mode', 'whitelist']) {
      expect(text).toContain(`\`${key}\``);
    }
  });
});
