import type { Handler } from '../server/request-context.js';

/** AddPartitionsToTxn. */
export const handleAddPartitionsToTxn: Handler = (body, ctx) => ctx.broker.txns.addPartitionsToTxn(body, ctx.apiVersion);
