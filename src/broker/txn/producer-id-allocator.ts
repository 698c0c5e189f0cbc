// Hands out producer ids that are never reused, even across restarts: ids are reserved in blocks and
// the end of each block is persisted before any id from it is handed out (as Kafka's controller does
// with ProducerIdsRecord). A restart resumes at the persisted end, skipping unused ids of the block.

export class ProducerIdAllocator {
  #next: number;
  #blockEnd: number;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly persistBlockEnd: (blockEnd: number) => Promise<void>,
    private readonly blockSize = 1000,
    firstId = 1,
  ) {
    this.#next = firstId;
    this.#blockEnd = firstId;
  }

  /** Resumes after a restart: no id below `highWater` is handed out again. */
  restore(highWater: number): void {
    if (highWater > this.#next) {
      this.#next = highWater;
      this.#blockEnd = highWater;
    }
  }

  /** Ids below this may have been handed out. */
  get highWater(): number {
    return this.#blockEnd;
  }

  allocate(): Promise<number> {
    const result = this.#chain.then(async () => {
      if (this.#next >= this.#blockEnd) {
        const end = this.#next + this.blockSize;
        await this.persistBlockEnd(end);
        this.#blockEnd = end;
      }
      return this.#next++;
    });
    this.#chain = result.catch(() => undefined); // a failed persist fails this call only
    return result;
  }
}
