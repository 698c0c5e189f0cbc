import type { Handler } from '../server/request-context.js';

/** InitProducerId: a new idempotent producer id, or the transactional id's (epoch bumped, older fenced). */
export const handleInitProducerId: Handler = (body, ctx) => ctx.broker.txns.initProducerId(body, ctx.apiVersion);
