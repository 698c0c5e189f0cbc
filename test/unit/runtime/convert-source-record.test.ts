/**
 * convertSourceRecord with a converter that returns its bytes in two parts (fromConnectDataParts): the shared
 * part becomes the record's valuePrefix, tombstones stay null, and a failure goes through the error policy.
 */
import { describe, expect, it } from 'vitest';
import type { ConvertedParts, Converter } from '../../../src/api/converter.js';
import { sourceRecord } from '../../../src/api/records.js';
import { ProcessingContext } from '../../../src/runtime/errors/processing-context.js';
import { RetryWithTolerance } from '../../../src/runtime/errors/retry-with-tolerance.js';
import { convertSourceRecord } from '../../../src/runtime/source/convert-source-record.js';
import type { TaskConverters } from '../../../src/runtime/task-converters.js';

const SHARED = Buffer.from('<shared>');

/** Value → `<shared>` + its text; 'bad' fails. */
class PartsConverter implements Partial<Converter> {
  fromConnectData(_t: string, _h: unknown, _s: unknown, v: unknown): Uint8Array | null {
    return v === null ? null : Buffer.concat([SHARED, Buffer.from(String(v))]);
  }
  fromConnectDataParts(_t: string, _h: unknown, _s: unknown, v: unknown): ConvertedParts | null {
    if (v === 'bad') throw new Error('cannot convert bad');
    return v === null ? null : { shared: SHARED, own: Buffer.from(String(v)) };
  }
}

const plain = { fromConnectData: (_t: string, _h: unknown, _s: unknown, v: unknown) => (v === null ? null : Buffer.from(String(v))) };

function converters(value: object): TaskConverters {
  return { key: plain, keyClass: 'Plain', value, valueClass: 'Parts', header: {}, headerClass: 'H' } as unknown as TaskConverters;
}

const rec = (value: unknown) => sourceRecord({ topic: 't', key: 'k', value, sourcePartition: { p: 1 }, sourceOffset: { o: 1 } });

describe('convertSourceRecord with fromConnectDataParts', () => {
  it('puts the shared part in valuePrefix and the rest in value; a tombstone stays null', () => {
    const policy = new RetryWithTolerance({ retryTimeoutMs: 0, retryDelayMaxMs: 0, tolerance: 'none' }, [], new AbortController().signal);
    const ctx = new ProcessingContext();
    const out = convertSourceRecord(rec('v1'), converters(new PartsConverter()), policy, ctx.resetFor(null, rec('v1')))!;
    expect(out.valuePrefix).toBe(SHARED);
    expect(Buffer.from(out.value!).toString()).toBe('v1');
    expect(Buffer.from(out.key!).toString()).toBe('k');
    const tomb = convertSourceRecord(rec(null), converters(new PartsConverter()), policy, ctx.resetFor(null, rec(null)))!;
    expect(tomb.value).toBeNull();
    expect(tomb.valuePrefix).toBeUndefined();
  });

  it('a converter without it is called as before (no valuePrefix)', () => {
    const policy = new RetryWithTolerance({ retryTimeoutMs: 0, retryDelayMaxMs: 0, tolerance: 'none' }, [], new AbortController().signal);
    const out = convertSourceRecord(rec('v1'), converters(plain), policy, new ProcessingContext().resetFor(null, rec('v1')))!;
    expect(out.valuePrefix).toBeUndefined();
    expect(Buffer.from(out.value!).toString()).toBe('v1');
  });

  it('a failure is the VALUE_CONVERTER stage\'s: tolerated (undefined) with errors.tolerance=all, fatal otherwise', () => {
    const all = new RetryWithTolerance({ retryTimeoutMs: 0, retryDelayMaxMs: 0, tolerance: 'all' }, [], new AbortController().signal);
    const ctx = new ProcessingContext().resetFor(null, rec('bad'));
    expect(convertSourceRecord(rec('bad'), converters(new PartsConverter()), all, ctx)).toBeUndefined();
    expect(ctx.failed).toBe(true);
    const none = new RetryWithTolerance({ retryTimeoutMs: 0, retryDelayMaxMs: 0, tolerance: 'none' }, [], new AbortController().signal);
    expect(() => convertSourceRecord(rec('bad'), converters(new PartsConverter()), none, new ProcessingContext().resetFor(null, rec('bad')))).toThrow(/VALUE_CONVERTER|Parts/);
  });

  it('a subclass that overrides only fromConnectData is called through it, not the parts method it inherits', () => {
    class Shouting extends PartsConverter {
      override fromConnectData(t: string, h: unknown, sc: unknown, v: unknown): Uint8Array | null {
        return v === null ? null : Buffer.from(String(v).toUpperCase());
      }
    }
    const policy = new RetryWithTolerance({ retryTimeoutMs: 0, retryDelayMaxMs: 0, tolerance: 'none' }, [], new AbortController().signal);
    const out = convertSourceRecord(rec('v1'), converters(new Shouting()), policy, new ProcessingContext().resetFor(null, rec('v1')))!;
    expect(out.valuePrefix).toBeUndefined();
    expect(Buffer.from(out.value!).toString()).toBe('V1');
  });
});
