/** The hub's in-process change feed: writers say "something the console shows changed"; the live socket listens. */

/** One hook, in one place: `publish()` after a commit; costs a loop over nobody when no console is open. */
export class LiveFeed {
  private readonly listeners = new Set<() => void>();

  /** Tells every listener that committed state changed (they work out what, coalescing bursts). */
  publish(): void {
    for (const listener of this.listeners) listener();
  }

  /** Returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
