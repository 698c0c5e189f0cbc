import type { Handler } from '../server/request-context.js';

/** OffsetCommit: stores committed offsets durably in __consumer_offsets. */
export const handleOffsetCommit: Handler = (body, ctx) => ctx.broker.groups.offsetCommit(body, ctx.apiVersion);
