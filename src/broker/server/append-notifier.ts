/** Wakes long-polling fetches when data lands in a partition (or the broker shuts down). */
export type AppendListener = (topic: string, partition: number) => void;

export class AppendNotifier {
  #listeners = new Set<AppendListener>();
  #closed = false;

  /** Registers a listener; returns its unsubscribe function. */
  subscribe(listener: AppendListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  notify(topic: string, partition: number): void {
    for (const l of [...this.#listeners]) l(topic, partition);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Wakes everyone with an empty topic name: the broker is closing. */
  close(): void {
    this.#closed = true;
    this.notify('', -1);
  }
}
