import type { Page } from '@playwright/test';

/** One allowed kind of problem, with the reason it is expected. */
interface Allowance {
  pattern: RegExp;
  reason: string;
}

/**
 * Collects console errors, uncaught page errors, failed requests and HTTP >= 400 answers of the
 * app's window during one test. The fixture fails the test at teardown when any remain that the
 * test did not explicitly allow (with a reason).
 */
export class PageProblems {
  private readonly problems: string[] = [];
  private readonly allowances: Allowance[] = [];

  /** Starts listening on a page (call before its first navigation). */
  watch(page: Page): void {
    page.on('console', (message) => {
      if (message.type() === 'error') this.record(`console error: ${message.text()} (${message.location().url || 'no location'})`);
    });
    page.on('pageerror', (error) => this.record(`page error: ${error.name}: ${error.message}`));
    page.on('requestfailed', (request) => {
      this.record(`request failed: ${request.method()} ${request.url()} — ${request.failure()?.errorText ?? 'unknown'}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) this.record(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
  }

  /** Allows problems matching `pattern` for this test; `reason` says why they are expected. */
  allow(pattern: RegExp, reason: string): void {
    if (!reason.trim()) throw new Error('PageProblems.allow needs a reason.');
    this.allowances.push({ pattern, reason });
  }

  /** The problems seen that no allowance covers. */
  unexpected(): string[] {
    return this.problems.filter((p) => !this.allowances.some((a) => a.pattern.test(p)));
  }

  /** Every problem seen, allowed or not. */
  all(): string[] {
    return [...this.problems];
  }

  private record(problem: string): void {
    this.problems.push(problem);
  }
}
