/** The steps of a record's trip through a task (Kafka Connect's `Stage`), named in DLQ headers and logs. */
export type Stage =
  | 'TASK_POLL'
  | 'TASK_PUT'
  | 'TRANSFORMATION'
  | 'KEY_CONVERTER'
  | 'VALUE_CONVERTER'
  | 'HEADER_CONVERTER'
  | 'KAFKA_PRODUCE'
  | 'KAFKA_CONSUME';

/** Stages where any error (not just a retriable one) may be tolerated with `errors.tolerance=all`. */
export function anyErrorTolerable(stage: Stage): boolean {
  return stage === 'TRANSFORMATION' || stage === 'KEY_CONVERTER' || stage === 'VALUE_CONVERTER' || stage === 'HEADER_CONVERTER';
}
