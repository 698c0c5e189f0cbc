// Turns raw log bytes (whole magic-2 batches, e.g. PartitionLog.read output) into the LoggedBatch
// stream ProducerStateManager.rebuild() replays. Only control batches are decoded (one tiny record
// each) to learn whether the marker committed or aborted.
import { decodeControlRecord, decodeRecords, iterateBatches } from '../protocol/record-batch.js';
import type { LoggedBatch } from './producer-state-manager.js';

export function* producerStateEntries(buf: Buffer): Generator<LoggedBatch> {
  for (const { header, bytes } of iterateBatches(buf, { allowPartialTail: true })) {
    let controlType: LoggedBatch['controlType'] = null;
    if (header.isControl) {
      const rec = decodeRecords(bytes)[0];
      controlType = rec ? decodeControlRecord(rec.key, rec.value)?.type ?? null : null;
    }
    yield {
      baseOffset: header.baseOffset,
      producerId: header.producerId,
      producerEpoch: header.producerEpoch,
      baseSequence: header.baseSequence,
      lastOffsetDelta: header.lastOffsetDelta,
      maxTimestamp: header.maxTimestamp,
      isTransactional: header.isTransactional,
      isControl: header.isControl,
      controlType,
    };
  }
}
