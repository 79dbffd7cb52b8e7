/** How often a signed-in app asks the server whether its session still stands, by default. */
export const SESSION_CHECK_MS = 60_000;

/**
 * Runs `check` every `intervalMs` while started (one check at a time; a slow server never stacks
 * them). The timer does not keep the process alive.
 */
export class SessionWatch {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly check: () => Promise<void>,
    private readonly intervalMs: number = SESSION_CHECK_MS,
  ) {}

  /** Starts checking (again) from now; harmless when already started. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.check()
        .catch(() => undefined)
        .finally(() => {
          this.running = null;
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops checking; a check under way finishes on its own. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** True while started. */
  get started(): boolean {
    return this.timer !== null;
  }
}
