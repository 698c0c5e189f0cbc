import type { Handler } from '../server/request-context.js';

/** Heartbeat: keeps a member alive; tells it when a rebalance starts. */
export const handleHeartbeat: Handler = (body, ctx) => ctx.broker.groups.heartbeat(body, ctx.apiVersion);
