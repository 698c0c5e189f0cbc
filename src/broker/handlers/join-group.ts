import type { Handler } from '../server/request-context.js';
import { coordinatorContext } from '../server/coordinator-context.js';

/** JoinGroup: long-polls in the group coordinator until the join barrier completes. */
export const handleJoinGroup: Handler = (body, ctx) => ctx.broker.groups.joinGroup(body, ctx.apiVersion, coordinatorContext(ctx));
