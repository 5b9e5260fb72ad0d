import type { RevocationFeed } from './revocation-feed.js';

/**
 * The in-process set of revoked session ids, kept fresh by a {@link RevocationFeed}.
 * Checked synchronously on every authenticated request (a Map lookup). Entries are kept
 * for `retainMs` (the longest access-token lifetime plus skew), then swept.
 */
export class SessionRevocations {
  readonly #revoked = new Map<string, number>();
  readonly #feed: RevocationFeed;
  readonly #retainMs: number;
  #lastSweep = Date.now();

  constructor(feed: RevocationFeed, retainMs: number) {
    this.#feed = feed;
    this.#retainMs = retainMs;
    feed.subscribe((ids) => this.addLocal(ids));
  }

  /** Revokes locally at once, then tells every other instance. */
  async revoke(sessionIds: readonly string[]): Promise<void> {
    this.addLocal(sessionIds);
    await this.#feed.publish(sessionIds);
  }

  /** Records revocations learnt elsewhere (the feed, or the database at startup). */
  addLocal(sessionIds: readonly string[], nowMs = Date.now()): void {
    for (const id of sessionIds) this.#revoked.set(id, nowMs + this.#retainMs);
    if (nowMs - this.#lastSweep > 60_000) this.#sweep(nowMs);
  }

  isRevoked(sessionId: string): boolean {
    return this.#revoked.has(sessionId);
  }

  /** False when revocations from other instances may be missing (shared store down). */
  isFresh(nowMs?: number): boolean {
    return this.#feed.isFresh(nowMs);
  }

  close(): Promise<void> {
    return this.#feed.close();
  }

  #sweep(nowMs: number): void {
    this.#lastSweep = nowMs;
    for (const [id, until] of this.#revoked) if (until <= nowMs) this.#revoked.delete(id);
  }
}
