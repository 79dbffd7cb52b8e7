import { stepAt, totpForStep } from '../../support/totp.js';

/** A 6-digit code that matches no step within ±21 of `now` (so it is plainly wrong, not clock skew). */
export function wrongCodeFor(secret: string, now: number): string {
  const step = stepAt(now);
  const near = new Set<string>();
  for (let d = -21; d <= 21; d += 1) near.add(totpForStep(secret, step + d));
  for (let n = 123_457; ; n = (n + 7_919) % 1_000_000) {
    const code = String(n).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}
