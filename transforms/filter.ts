import { defineConfig, type ConnectRecord, type RawConfig } from '../src/api/index.js';
import { singleDescriptor } from './support/descriptors.js';
import { TransformBase } from './support/transform-base.js';

export const filterConfig = defineConfig({});

/** Drops every record: use it with a predicate (`transforms.X.predicate`) to drop the records that match. */
export class Filter<R extends ConnectRecord = ConnectRecord> extends TransformBase<R> {
  constructor(shortName = 'Filter') {
    super(shortName);
  }

  config() {
    return filterConfig;
  }

  protected configureWith(_configs: RawConfig): void {}

  apply(_record: R): null {
    return null;
  }
}

export const descriptor = singleDescriptor('Filter', filterConfig, 'Drop records (used with a predicate)', () => new Filter());
