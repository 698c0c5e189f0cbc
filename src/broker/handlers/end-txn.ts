import type { Handler } from '../server/request-context.js';

/** EndTxn: writes COMMIT/ABORT markers to every partition of the transaction. */
export const handleEndTxn: Handler = (body, ctx) => ctx.broker.txns.endTxn(body, ctx.apiVersion);
