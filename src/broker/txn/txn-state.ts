// Transaction states with Kafka's TransactionState ids (the TransactionStatus byte of
// __transaction_state values). PrepareEpochFence is never written by this coordinator: it fences by
// bumping the epoch and going straight to PrepareAbort.
export const TxnState = {
  Empty: 0,
  Ongoing: 1,
  PrepareCommit: 2,
  PrepareAbort: 3,
  CompleteCommit: 4,
  CompleteAbort: 5,
  Dead: 6,
  PrepareEpochFence: 7,
} as const;

export type TxnStateId = (typeof TxnState)[keyof typeof TxnState];

const NAMES = Object.fromEntries(Object.entries(TxnState).map(([k, v]) => [v, k])) as Record<number, string>;

export function txnStateName(state: number): string {
  return NAMES[state] ?? `Unknown(${state})`;
}
