/**
 * KIP-745 restart plans (Kafka Connect's RestartRequest + RestartPlan): from a connector's current status and
 * the request's `includeTasks` / `onlyFailed`, which instances restart, and the 202 answer showing them as
 * RESTARTING. The leader answers with the plan; every worker builds the same plan again when it reads the
 * `restart-connector-<name>` record and restarts the planned instances it runs. Pure functions.
 */
import type { ConnectorStateInfo, RestartOptions } from '../herder.js';

export interface RestartPlan {
  readonly restartConnector: boolean;
  /** Task ids to restart. */
  readonly tasks: readonly number[];
}

export function restartPlan(status: ConnectorStateInfo, options: RestartOptions): RestartPlan {
  return {
    restartConnector: !options.onlyFailed || status.connector.state === 'FAILED',
    tasks: options.includeTasks ? status.tasks.filter((t) => !options.onlyFailed || t.state === 'FAILED').map((t) => t.id) : [],
  };
}

/** The status with the planned instances shown as RESTARTING (the body of the 202). */
export function plannedStatus(status: ConnectorStateInfo, plan: RestartPlan): ConnectorStateInfo {
  return {
    ...status,
    connector: plan.restartConnector ? { state: 'RESTARTING', worker_id: status.connector.worker_id } : status.connector,
    tasks: status.tasks.map((t) => (plan.tasks.includes(t.id) ? { id: t.id, state: 'RESTARTING', worker_id: t.worker_id } : t)),
  };
}
