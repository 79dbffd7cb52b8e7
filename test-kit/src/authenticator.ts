import { TOTP_PERIOD_SECONDS, codeOutsideWindow, timeStep, totpForStep } from './totp.js';

/** What an otpauth:// URI carries, as an authenticator app reads it. */
export interface OtpauthParts {
  issuer: string | null;
  account: string;
  secret: string;
  algorithm: string;
  digits: number;
  period: number;
}

/** Parses `otpauth://totp/<Issuer>:<account>?secret=...&issuer=...`; throws when it is not a TOTP URI. */
export function parseOtpauthUri(uri: string): OtpauthParts {
  const url = new URL(uri);
  if (url.protocol !== 'otpauth:' || url.host !== 'totp') throw new Error(`Not a TOTP otpauth URI: ${uri}`);
  const label = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const colon = label.indexOf(':');
  const secret = url.searchParams.get('secret');
  if (!secret) throw new Error(`The otpauth URI has no secret: ${uri}`);
  return {
    issuer: url.searchParams.get('issuer') ?? (colon >= 0 ? label.slice(0, colon) : null),
    account: colon >= 0 ? label.slice(colon + 1) : label,
    secret: secret.toUpperCase(),
    algorithm: (url.searchParams.get('algorithm') ?? 'SHA1').toUpperCase(),
    digits: Number(url.searchParams.get('digits') ?? 6),
    period: Number(url.searchParams.get('period') ?? 30),
  };
}

/** The clock an authenticator reads (epoch milliseconds): the wall clock, or a test's movable one. */
export type Clock = () => number;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A phone's authenticator app for one account, on the independent RFC 6238 code of `./totp.js`:
 * it shows the code of the current 30-second step, or of any clock offset. It remembers which
 * steps it already handed out, because the server accepts each step only once: `nextFreshCode()`
 * waits for the next step when the current one was used.
 */
export class Authenticator {
  private lastUsedStep = Number.NEGATIVE_INFINITY;

  /** `secret` is the base32 key; `otpauthUri` is what was scanned (null when typed in); `now` is the phone's clock. */
  constructor(
    readonly secret: string,
    readonly otpauthUri: string | null = null,
    private readonly now: Clock = Date.now,
  ) {}

  /** An authenticator set up by typing the setup key (spaces ignored). */
  static fromSetupKey(setupKey: string, now: Clock = Date.now): Authenticator {
    return new Authenticator(setupKey.replace(/\s+/g, '').toUpperCase(), null, now);
  }

  /** An authenticator set up from an otpauth:// URI (what the QR code carries). */
  static fromOtpauthUri(uri: string, now: Clock = Date.now): Authenticator {
    return new Authenticator(parseOtpauthUri(uri).secret, uri, now);
  }

  /** What the scanned URI says (issuer, account, algorithm...), or null when typed in. */
  get uriParts(): OtpauthParts | null {
    return this.otpauthUri ? parseOtpauthUri(this.otpauthUri) : null;
  }

  /** The code this app shows at now + `offsetSeconds` (a phone whose clock is off). Does not mark it used. */
  codeAt(offsetSeconds = 0): string {
    return totpForStep(this.secret, timeStep(this.now() + offsetSeconds * 1000));
  }

  /** The code shown right now, marked as used (a person typing what the phone shows). */
  currentCode(): string {
    const step = timeStep(this.now());
    this.markStepUsed(step);
    return totpForStep(this.secret, step);
  }

  /**
   * A code the server has not seen yet: the current one, or — when this step was already used —
   * the next step's code once the phone shows it (waits up to 30 s). Marks it used.
   * `minSecondsLeft` waits for a new step when the current one ends sooner (a test that will
   * replay the code later keeps it inside the server's ±1 step window). It waits in real time, so
   * it is for a phone on the wall clock; a test with a movable clock moves the clock instead.
   */
  async nextFreshCode(options: { minSecondsLeft?: number } = {}): Promise<string> {
    const minLeftMs = (options.minSecondsLeft ?? 0) * 1000;
    for (;;) {
      const now = this.now();
      const step = timeStep(now);
      const stepEndsAt = (step + 1) * TOTP_PERIOD_SECONDS * 1000;
      if (step > this.lastUsedStep && stepEndsAt - now < minLeftMs) {
        await sleep(stepEndsAt - now + 50);
        continue;
      }
      if (step > this.lastUsedStep) {
        this.markStepUsed(step);
        return totpForStep(this.secret, step);
      }
      const nextStepAt = (this.lastUsedStep + 1) * TOTP_PERIOD_SECONDS * 1000;
      await sleep(Math.max(50, nextStepAt - now + 50));
    }
  }

  /** The code of the most recently used step (a replay), or null when none was used. */
  lastUsedCode(): string | null {
    return Number.isFinite(this.lastUsedStep) ? totpForStep(this.secret, this.lastUsedStep) : null;
  }

  /** A 6-digit code that matches no step within ±15 minutes: plainly wrong, not a clock-skew case. */
  wrongCode(): string {
    return codeOutsideWindow(this.secret, timeStep(this.now()), 30);
  }

  /** Records that the server accepted (or saw) the code of `step`. */
  markStepUsed(step: number): void {
    if (step > this.lastUsedStep) this.lastUsedStep = step;
  }
}
