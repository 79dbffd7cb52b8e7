import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE, passwordLength } from '@rms/shared';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import translations from '@zxcvbn-ts/language-en/dist/translations.mjs';
import { ApiError } from './api-error.js';

let estimator: ZxcvbnFactory | null = null;

/**
 * How many l33t substitution combinations zxcvbn tries (its default is 100). The rating runs on
 * the event loop, and at 100 a 128-character password costs 4–6 times as much CPU as at 16 while
 * scoring the same on common l33t passwords (bench/password-strength.ts).
 */
const L33T_MAX_SUBSTITUTIONS = 16;

/**
 * The zxcvbn estimator: the common-password and diceware dictionaries and the keyboard adjacency
 * graphs of `@zxcvbn-ts/language-common`, with the English feedback sentences. Built once per
 * process, on first use (about 10 MB of heap; the figures are in bench/README.md).
 */
export function passwordEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    translations,
    maxLength: PASSWORD_MAX_LENGTH,
    l33tMaxSubstitutions: L33T_MAX_SUBSTITUTIONS,
  });
  return estimator;
}

/** Who the password belongs to: their email and name are the first things a guesser tries. */
export interface PasswordOwner {
  email: string;
  name: string;
}

/** The words of the owner's email and name that a password must not lean on. */
export function ownerWords(owner: PasswordOwner): string[] {
  const email = owner.email.toLowerCase();
  const [local = '', domain = ''] = email.split('@');
  const words = [email, local, domain, owner.name, ...local.split(/[._+-]+/), ...domain.split('.'), ...owner.name.split(/\s+/)];
  return [...new Set(words.map((w) => w.trim()).filter((w) => w.length >= 3))];
}

/** What the rating found: the score (0–4) and the library's feedback in one sentence (empty when strong). */
export interface PasswordRating {
  score: number;
  feedback: string;
}

/** Rates a password with zxcvbn, the owner's email and name counting as known words. */
export function ratePassword(password: string, owner: PasswordOwner): PasswordRating {
  const result = passwordEstimator().check(password, ownerWords(owner));
  const feedback = [result.feedback.warning, ...result.feedback.suggestions].filter((s): s is string => Boolean(s)).join(' ');
  return { score: result.score, feedback };
}

/**
 * Refuses a new password that is too short, too long or too easy to guess (zxcvbn score below
 * {@link PASSWORD_MIN_SCORE}) with 400 `weak_password` and a sentence saying what to change.
 */
export function assertStrongPassword(password: string, owner: PasswordOwner): void {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) {
    throw new ApiError(400, 'weak_password', `Use at least ${PASSWORD_MIN_LENGTH} characters (this one has ${length}). A few uncommon words make a long password that is easy to remember.`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new ApiError(400, 'weak_password', `Use at most ${PASSWORD_MAX_LENGTH} characters (this one has ${length}).`);
  }
  const rating = ratePassword(password, owner);
  if (rating.score >= PASSWORD_MIN_SCORE) return;
  const advice = rating.feedback || 'Add another word or two; uncommon words are best.';
  throw new ApiError(400, 'weak_password', `That password is too easy to guess. ${advice}`);
}
