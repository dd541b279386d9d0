/**
 * Runs tasks one at a time in submission order. Writes of one backend instance go through it, so
 * read-check-write (compare-and-set) is atomic inside the process; LanceDB's commit conflict
 * detection covers other processes.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task submitted before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task submitted so far has settled. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
