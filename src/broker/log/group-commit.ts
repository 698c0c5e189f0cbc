// Group commit for fsync: every flush() waits until all bytes written before it are synced; callers that
// arrive while an fsync is running share the next one, so N concurrent producers cost ~2 fsyncs, not N.

export class GroupCommit {
  #written = 0;
  #synced = 0;
  #running: Promise<void> | null = null;

  /** `doSync` makes everything written so far durable (it is called with no sync already running). */
  constructor(private readonly doSync: () => Promise<void>) {}

  get pending(): boolean {
    return this.#synced < this.#written;
  }

  noteWritten(bytes: number): void {
    this.#written += bytes;
  }

  async flush(): Promise<void> {
    const target = this.#written;
    while (this.#synced < target) {
      if (this.#running === null) {
        const upTo = this.#written;
        this.#running = this.doSync().then(
          () => {
            this.#running = null;
            if (upTo > this.#synced) this.#synced = upTo;
          },
          (err: unknown) => {
            this.#running = null;
            throw err;
          },
        );
      }
      await this.#running;
    }
  }
}
