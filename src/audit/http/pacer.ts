// Request bounds: a hard global counter (--max-requests) and token-bucket pacing (--max-rps).
// Both are enforced in the one place every request passes through, so no check can exceed them.

export class BudgetExhaustedError extends Error {
  readonly code = 'AUDIT_BUDGET_EXHAUSTED';
  constructor(max: number) {
    super(`request budget of ${max} exhausted (--max-requests)`);
  }
}

export class RequestBudget {
  private used = 0;
  private reserved = 0;
  constructor(readonly max: number) {}

  /**
   * Take one request or throw; called before anything goes on the wire. Requests reserved for
   * clean-up are held back from everything else and are released just before they are used.
   */
  take(): void {
    if (this.used + this.reserved >= this.max) throw new BudgetExhaustedError(this.max);
    this.used += 1;
  }

  /** Hold one request back (for deleting an object the audit created). */
  reserve(): void {
    this.reserved += 1;
  }

  release(): void {
    this.reserved = Math.max(0, this.reserved - 1);
  }

  get sent(): number {
    return this.used;
  }

  get remaining(): number {
    return this.max - this.used;
  }
}

/**
 * Token bucket: refills `rps` tokens a second, holds at most a tenth of a second's worth
 * (at least one), so traffic stays smooth instead of arriving in one-second bursts.
 */
export class Pacer {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly rps: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, Math.ceil(rps / 10));
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Resolves when the caller may send; callers are served in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn;
    return turn;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rps);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.tokens) / this.rps) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(waitMs))));
    }
  }
}
