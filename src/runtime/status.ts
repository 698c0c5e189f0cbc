/** Connector and task states as Kafka Connect reports them in `/connectors/{name}/status`. */
export type State = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'STOPPED' | 'FAILED' | 'RESTARTING';

/** What the herder asks a connector to be (connector-file's InitialState uses the same names). */
export type TargetState = 'RUNNING' | 'PAUSED' | 'STOPPED';

export interface TaskId {
  readonly connector: string;
  readonly task: number;
}

export interface Status {
  readonly state: State;
  /** FAILED only: the error's stack with its cause chain. */
  readonly trace?: string;
  readonly workerId: string;
}

export interface StatusChange extends Status {
  readonly connector: string;
  /** Absent for the connector itself. */
  readonly task?: number;
}

export type StatusListener = (change: StatusChange) => void;

export function taskKey(id: TaskId): string {
  return `${id.connector}-${id.task}`;
}
