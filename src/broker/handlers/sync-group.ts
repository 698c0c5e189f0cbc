import type { Handler } from '../server/request-context.js';

/** SyncGroup: waits for the leader's assignment. */
export const handleSyncGroup: Handler = (body, ctx) => ctx.broker.groups.syncGroup(body, ctx.apiVersion);
