import type { Handler } from '../server/request-context.js';

/** OffsetFetch (all partitions when topics is null). */
export const handleOffsetFetch: Handler = (body, ctx) => ctx.broker.groups.offsetFetch(body, ctx.apiVersion);
