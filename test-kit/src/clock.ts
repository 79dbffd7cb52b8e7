/** A clock the test moves by hand; the server reads it for every time decision. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** Starts 5 s into a fresh 30-second TOTP step, so ±1 step arithmetic is unambiguous. */
export function createTestClock(start = Math.floor(Date.now() / 30_000) * 30_000 + 5_000): TestClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(ms) {
      current = ms;
    },
  };
}
