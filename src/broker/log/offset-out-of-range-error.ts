/** A read outside [logStartOffset, logEndOffset]; the server answers OFFSET_OUT_OF_RANGE. */
export class OffsetOutOfRangeError extends Error {
  readonly code = 'TRIB_OFFSET_OUT_OF_RANGE';
  constructor(
    readonly offset: number,
    readonly logStartOffset: number,
    readonly logEndOffset: number,
  ) {
    super(`offset ${offset} is outside the log range [${logStartOffset}, ${logEndOffset}]`);
    this.name = 'OffsetOutOfRangeError';
  }
}
