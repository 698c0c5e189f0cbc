import type { Handler } from '../server/request-context.js';

/** AddOffsetsToTxn. */
export const handleAddOffsetsToTxn: Handler = (body, ctx) => ctx.broker.txns.addOffsetsToTxn(body, ctx.apiVersion);
