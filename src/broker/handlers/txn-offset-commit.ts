import type { Handler } from '../server/request-context.js';

/** TxnOffsetCommit: offsets that become visible when the transaction commits. */
export const handleTxnOffsetCommit: Handler = (body, ctx) => ctx.broker.groups.txnOffsetCommit(body, ctx.apiVersion);
