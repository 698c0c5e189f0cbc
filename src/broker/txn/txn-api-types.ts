// Request/response bodies of the transaction APIs, with the contract's field naming (Kafka message
// JSON names in lowerCamelCase). Fields that only exist in later versions are optional.

export interface InitProducerIdRequest {
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** v3+ (KIP-360); -1 when absent. */
  producerId?: number;
  producerEpoch?: number;
}

export interface InitProducerIdResponse {
  throttleTimeMs: number;
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

export interface AddPartitionsToTxnTopic {
  name: string;
  partitions: number[];
}

export interface AddPartitionsToTxnTopicResult {
  name: string;
  resultsByPartition: Array<{ partitionIndex: number; partitionErrorCode: number }>;
}

export interface AddPartitionsToTxnRequest {
  /** v0-3 */
  v3AndBelowTransactionalId?: string;
  v3AndBelowProducerId?: number;
  v3AndBelowProducerEpoch?: number;
  v3AndBelowTopics?: AddPartitionsToTxnTopic[];
  /** v4+ (batched; verifyOnly checks membership without adding) */
  transactions?: Array<{
    transactionalId: string;
    producerId: number;
    producerEpoch: number;
    verifyOnly?: boolean;
    topics: AddPartitionsToTxnTopic[];
  }>;
}

export interface AddPartitionsToTxnResponse {
  throttleTimeMs: number;
  /** v4+ */
  errorCode?: number;
  resultsByTransaction?: Array<{ transactionalId: string; topicResults: AddPartitionsToTxnTopicResult[] }>;
  /** v0-3 */
  resultsByTopicV3AndBelow?: AddPartitionsToTxnTopicResult[];
}

export interface AddOffsetsToTxnRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  groupId: string;
}

export interface EndTxnRequest {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  committed: boolean;
}

export interface SimpleTxnResponse {
  throttleTimeMs: number;
  errorCode: number;
}

export interface EndTxnResponse extends SimpleTxnResponse {
  /** v5+ */
  producerId: number;
  producerEpoch: number;
}

/** What a COMMIT/ABORT marker written to one partition must say (build it with buildControlBatch). */
export interface TxnMarker {
  producerId: number;
  producerEpoch: number;
  commit: boolean;
  coordinatorEpoch: number;
}
