import { describe, expect, it } from 'vitest';
import { nextForwardFlag, withForwardHop } from '../../../../src/cluster/distributed/forward-hops.js';

describe('forward hop budget (Kafka\'s HerderRequestHandler)', () => {
  it('a client request forwards with forward=true, a forwarded one with false, a last-hop one not at all', async () => {
    expect(nextForwardFlag()).toBe(true); // outside any request (background sends)
    expect(await withForwardHop(undefined, async () => nextForwardFlag())).toBe(true);
    expect(await withForwardHop('true', async () => {
      await new Promise((r) => setTimeout(r, 1)); // survives awaits
      return nextForwardFlag();
    })).toBe(false);
    expect(await withForwardHop('TRUE', async () => nextForwardFlag())).toBe(false);
    await expect(withForwardHop('false', async () => nextForwardFlag())).rejects.toMatchObject({
      status: 409, message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)',
    });
  });
});
