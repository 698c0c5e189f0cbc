import type { Handler } from '../server/request-context.js';

/** LeaveGroup (v0-2 one member, v3+ a batch). */
export const handleLeaveGroup: Handler = (body, ctx) => ctx.broker.groups.leaveGroup(body, ctx.apiVersion);
