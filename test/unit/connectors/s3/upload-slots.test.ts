import { describe, expect, it } from 'vitest';
import { UploadSlots } from '../../../../connectors/s3/sink/upload-slots.js';

describe('UploadSlots', () => {
  it('runs at most `size` jobs at once, in arrival order, and frees a slot when a job fails', async () => {
    const slots = new UploadSlots(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates: (() => void)[] = [];
    const job = (i: number, fail = false) => slots.run(async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise<void>((r) => gates.push(r));
      running--;
      if (fail) throw new Error(`job ${i}`);
      return i;
    });
    const all = [job(0, true), job(1), job(2), job(3)].map((p) => p.catch((e: Error) => e.message));
    while (order.length < 4) {
      await new Promise((r) => setImmediate(r));
      gates.shift()?.();
    }
    gates.forEach((g) => g());
    expect(await Promise.all(all)).toEqual(['job 0', 1, 2, 3]);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3]);
  });
});
