import type { MailText } from './mail-texts.js';
import { formatUtc } from './mail-texts.js';

const PRODUCT = 'Remote Management Service';
const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `at` to `deadline`, at least 0 (a reminder 7 days before says 7). */
export function daysLeft(at: number, deadline: number): number {
  return Math.max(0, Math.ceil((deadline - at) / DAY_MS - 1e-9));
}

/** A reminder wave's email: the company requires 2FA by the deadline, and how to set it up before then. */
export function renderRolloutReminder(input: { companyName: string; deadline: number; at: number }): MailText {
  const days = daysLeft(input.at, input.deadline);
  const when = days === 1 ? '1 day' : `${days} days`;
  const lines = [
    'Hello,',
    '',
    `${input.companyName} requires two-factor authentication to sign in to the ${PRODUCT} console`,
    `by ${formatUtc(input.deadline)} (${when} from now). Your account does not have it yet.`,
    'Until then you sign in as usual; from then on, you can do nothing in the console until you set it up.',
    '',
    'Set it up now, it takes two minutes:',
    '1. Install Google Authenticator, Microsoft Authenticator, Duo Mobile or Twilio Authy on your phone.',
    '2. Sign in to the console and choose "Set up now" (or Account settings > Two-Factor Authentication).',
    '3. Scan the QR code, enter the 6-digit code your app shows, and keep the backup code somewhere safe.',
    '',
    'If you did not expect this email, ask your administrator.',
    '',
    `-- ${PRODUCT}`,
  ];
  return { subject: `${PRODUCT}: set up two-factor authentication within ${when}`, text: lines.join('\n') };
}

/** The deadline summary each administrator gets: who has 2FA now and who is held from now on. */
export function renderRolloutSummary(input: {
  companyName: string;
  deadline: number;
  enrolled: { name: string; email: string }[];
  pending: { name: string; email: string }[];
}): MailText {
  const person = (p: { name: string; email: string }) => `- ${p.name} <${p.email}>`;
  const lines = [
    'Hello,',
    '',
    `The two-factor authentication deadline of ${input.companyName} passed at ${formatUtc(input.deadline)}.`,
    '',
    `Enrolled: ${input.enrolled.length}`,
    `Still without two-factor authentication (held to setting it up at their next sign-in): ${input.pending.length}`,
    ...(input.pending.length ? ['', 'Still without it:', ...input.pending.map(person)] : []),
    ...(input.enrolled.length ? ['', 'Enrolled:', ...input.enrolled.map(person)] : []),
    '',
    'Company settings in the console shows each person\'s state.',
    '',
    `-- ${PRODUCT}`,
  ];
  return {
    subject: `${PRODUCT}: 2FA deadline passed, ${input.enrolled.length} enrolled, ${input.pending.length} not yet`,
    text: lines.join('\n'),
  };
}
