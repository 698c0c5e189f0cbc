import { describe, expect, it } from 'vitest';
import type { ConnectorStateInfo } from '../../../../src/cluster/herder.js';
import { plannedStatus, restartPlan } from '../../../../src/cluster/distributed/restart-plan.js';

const status: ConnectorStateInfo = {
  name: 'c', type: 'source',
  connector: { state: 'RUNNING', worker_id: 'a:1' },
  tasks: [
    { id: 0, state: 'RUNNING', worker_id: 'a:1' },
    { id: 1, state: 'FAILED', worker_id: 'b:1', trace: 'boom' },
    { id: 2, state: 'RUNNING', worker_id: 'b:1' },
  ],
};

describe('KIP-745 restart plans', () => {
  it('picks instances per includeTasks / onlyFailed, as Kafka\'s RestartRequest', () => {
    expect(restartPlan(status, { includeTasks: true, onlyFailed: false })).toEqual({ restartConnector: true, tasks: [0, 1, 2] });
    expect(restartPlan(status, { includeTasks: true, onlyFailed: true })).toEqual({ restartConnector: false, tasks: [1] });
    expect(restartPlan(status, { includeTasks: false, onlyFailed: true })).toEqual({ restartConnector: false, tasks: [] });
    expect(restartPlan({ ...status, connector: { state: 'FAILED', worker_id: 'a:1' } }, { includeTasks: false, onlyFailed: true }))
      .toEqual({ restartConnector: true, tasks: [] });
  });

  it('shows the planned instances as RESTARTING (dropping their trace) and leaves the rest', () => {
    const p = plannedStatus(status, { restartConnector: false, tasks: [1] });
    expect(p.connector).toEqual(status.connector);
    expect(p.tasks).toEqual([status.tasks[0], { id: 1, state: 'RESTARTING', worker_id: 'b:1' }, status.tasks[2]]);
    expect(plannedStatus(status, { restartConnector: true, tasks: [] }).connector).toEqual({ state: 'RESTARTING', worker_id: 'a:1' });
  });
});
