import type { PasswordResetLinkMail, SecurityEventKind, SecurityNotice } from './notifications.js';

/** A rendered email: subject and plain-text body (the HTML part is derived from the text). */
export interface MailText {
  subject: string;
  text: string;
}

const PRODUCT = 'Remote Management Service';

/** Formats epoch milliseconds as `2026-11-27 19:50:12 UTC`. */
export function formatUtc(at: number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** What a security notice says: the subject, the sentence, and (when the default does not fit) what to do if it was not the person. */
interface NoticeWording {
  subject: string;
  sentence: string;
  ifNotYou?: string[];
  /**
   * Who reads it: the person whose account it reports (default; carries the "this wasn't me"
   * link), or an administrator hearing about someone else (no link, `closing` instead).
   */
  audience?: 'subject' | 'admin';
  /** Replaces "If this was you ... / If this was not you ..." (notices that need no such advice). */
  closing?: string[];
  /** false: no "this wasn't me" link (the notice confirms that very report). */
  notMeLink?: false;
}

const DEFAULT_IF_NOT_YOU = [
  'If this was not you: change your password at once, sign in and check your Two-Factor',
  'Authentication settings in Account settings (create a new backup code, or change device),',
  'and tell your administrator, quoting the time and address above.',
];

const WHAT_CHANGED: Record<SecurityEventKind, NoticeWording> = {
  two_factor_enabled: {
    subject: 'Two-factor authentication was turned on',
    sentence: 'Two-factor authentication was turned on for your account. From now on, signing in needs your password and a code from your authenticator app.',
  },
  two_factor_disabled: {
    subject: 'Two-factor authentication was turned off',
    sentence: 'Two-factor authentication was turned off for your account. Signing in now needs only your password.',
  },
  two_factor_reset_by_backup_code: {
    subject: 'Your backup code was used: two-factor authentication was reset',
    sentence:
      'Your backup code was used to sign in ("Don\'t know the code"). This reset your two-factor authentication: your authenticator app and your backup code no longer work, and your other sessions were signed out.',
  },
  two_factor_reset_by_admin: {
    subject: 'An administrator reset your two-factor authentication',
    sentence:
      'An administrator reset two-factor authentication for your account: your authenticator app and your backup code no longer work, and your sessions were signed out. Set it up again at your next sign-in.',
  },
  backup_code_regenerated: {
    subject: 'A new backup code was created',
    sentence: 'A new backup code was created for your account. Your previous backup code no longer works.',
  },
  device_changed: {
    subject: 'Your two-factor authentication device was changed',
    sentence: 'The authenticator device of your account was changed. Codes from the previous device no longer work. Your backup code is unchanged.',
  },
  code_reused: {
    subject: 'A verification code of yours was used twice',
    sentence:
      'Someone entered a verification code of your account that had already been used. It was refused. If you did not just sign in twice with the same code, someone may know your password and be watching your codes.',
  },
  account_locked: {
    subject: 'Sign-in to your account was locked',
    sentence: 'Too many wrong verification codes were entered for your account, so code sign-in was locked for a while.',
  },
  password_changed: {
    subject: 'Your password was changed',
    sentence:
      'The password of your account was changed in Account settings. Every other device signed in to your account was signed out; the one that made the change stays signed in.',
    ifNotYou: [
      'If this was not you: someone is signed in to your account and knows your password. At once,',
      'choose "Forgot password?" on the sign-in screen to set a new password (that signs out every',
      'device), check Signed-in devices and Two-Factor Authentication in Account settings, and tell',
      'your administrator, quoting the time and address above.',
    ],
  },
  session_signed_out: {
    subject: 'A device was signed out of your account',
    sentence: 'A device signed in to your account was signed out from Account settings (Signed-in devices).',
  },
  other_sessions_signed_out: {
    subject: 'Your other devices were signed out',
    sentence:
      'Every device signed in to your account except the one that asked was signed out from Account settings ("Sign out everywhere else").',
  },
  temporary_code_issued: {
    subject: 'An administrator issued a temporary access code for your account',
    sentence:
      'An administrator issued a temporary access code for your account, for when you cannot use your authenticator app. At sign-in, choose "Don\'t know the code" and enter it: you will then set up a new authenticator at once. Until you do, your authenticator app and your backup code keep working.',
    ifNotYou: [
      'If you did not ask for one: someone may be trying to take over your account. Tell your administrator at once,',
      'quoting the time and address above, and change your password.',
    ],
  },
  two_factor_replaced: {
    subject: 'A new authenticator was set up with a temporary access code',
    sentence:
      'A temporary access code was used to set up a new authenticator for your account. Codes from the previous authenticator and your previous backup code no longer work, and your other sessions were signed out.',
  },
  sign_in_second_step_failed: {
    subject: 'Someone who knows your password tried to sign in',
    sentence:
      'Someone entered the right password for your account but did not get past the second step (the code from your authenticator app), so they could not sign in.',
    ifNotYou: [
      'If this was not you: someone knows your password. Change it at once ("Forgot password?" on the',
      'sign-in screen, or Account settings), and tell your administrator, quoting the time and address above.',
    ],
  },
  enrollment_email_code: {
    subject: 'Your code to set up two-factor authentication',
    sentence:
      'Someone signed in to your account with your password and is setting up two-factor authentication. Your company checks the email address first: enter this code in the console to continue.',
    ifNotYou: [
      'If this was not you: do not pass this code on. Someone knows your password: change it at once',
      '("Forgot password?" on the sign-in screen) and tell your administrator, quoting the time and address above.',
    ],
  },
  admin_reset_requested: {
    subject: "A reset of an administrator's two-factor authentication waits for approval",
    sentence:
      "An administrator asked to reset the two-factor authentication of another administrator. It happens only if a second administrator approves it in the console (Company settings, Pending reset requests) within 24 hours; any administrator may deny it there.",
    ifNotYou: [
      'If you do not know why this was asked, deny the request in Company settings and ask the administrator',
      'who requested it, quoting the time and address above.',
    ],
    notMeLink: false,
  },
  admin_reset_approved: {
    subject: "An administrator's two-factor authentication was reset",
    sentence:
      "A second administrator approved the request: the two-factor authentication of the administrator named below was reset, and their sessions were signed out. They set it up again at their next sign-in.",
    ifNotYou: ['If this reset was not expected, check the audit log in Company settings and talk to the administrators named below.'],
    notMeLink: false,
  },
  admin_reset_denied: {
    subject: "A reset of an administrator's two-factor authentication was denied",
    sentence: "The request to reset the two-factor authentication of the administrator named below was denied. Nothing changed for them.",
    ifNotYou: ['If you did not expect this, check the audit log in Company settings.'],
    notMeLink: false,
  },
  admin_reset_immediate: {
    subject: "An administrator's two-factor authentication was reset",
    sentence:
      "The two-factor authentication of the administrator named below was reset at once, because no other administrator has two-factor authentication to approve it. Their sessions were signed out.",
    ifNotYou: [
      'If this reset was not expected, someone may be using an administrator account: check the audit log in',
      'Company settings, and turn on two-factor authentication for a second administrator so such resets need approval.',
    ],
    notMeLink: false,
  },
  company_protection_lowered: {
    subject: "The company's two-factor protection was lowered",
    sentence:
      "The administrator named below lowered the company's two-factor protection, confirming it with a code from their authenticator app. What changed is listed below.",
    ifNotYou: [
      'If this change was not expected, check the audit log in Company settings, set the protection back,',
      'and talk to the administrator named below, quoting the time and address above.',
    ],
    audience: 'admin',
  },
  password_reset: {
    subject: 'Your password was reset',
    sentence:
      'The password of your account was set anew with a "Forgot password?" link sent to this address. Every device signed in to your account was signed out. Two-factor authentication is unchanged.',
  },
  reported_not_me: {
    subject: 'Your account is locked, as you asked',
    sentence:
      'You reported that a change to your account was not yours. Every device signed in to your account was signed out, and nobody can sign in to it until an administrator unlocks it.',
    closing: [
      'Contact your administrator to unlock your account. Once it is unlocked, choose',
      '"Forgot password?" on the sign-in screen to set a new password.',
    ],
    notMeLink: false,
  },
  user_reported_not_me: {
    subject: 'A user reported activity that was not theirs',
    sentence:
      'A user of your company opened the "This wasn\'t me" link of a security email. Their sessions were signed out and their sign-in is locked until an administrator unlocks it.',
    audience: 'admin',
    closing: [
      'Contact them (not by replying to a message you cannot verify), check the audit log for what',
      'happened, and unlock them in the users table once they are ready to set a new password.',
    ],
  },
  account_unlocked: {
    subject: 'Sign-in to your account was unlocked',
    sentence: 'An administrator unlocked sign-in to your account. Choose "Forgot password?" on the sign-in screen to set a new password.',
  },
  signed_out_by_admin: {
    subject: 'An administrator signed your account out everywhere',
    sentence: 'An administrator signed out every device signed in to your account. Sign in again to continue.',
  },
};

/** Every kind of security notice there is. */
export const SECURITY_NOTICE_KINDS = Object.keys(WHAT_CHANGED) as SecurityEventKind[];

/** Whether a notice of this kind carries the "this wasn't me" link (notices to the person whose account it is). */
export function noticeCarriesNotMeLink(kind: SecurityEventKind): boolean {
  const wording = WHAT_CHANGED[kind];
  return wording.audience !== 'admin' && wording.notMeLink !== false;
}

/**
 * Renders a security notice: what changed, when (UTC), from which client address, and what to do
 * if it was not the user. Carries no secret (no code, backup code, token or setup key).
 */
export function renderSecurityNotice(notice: SecurityNotice): MailText {
  const what = WHAT_CHANGED[notice.kind];
  const lines = [
    `Hello ${notice.user.name},`,
    '',
    what.sentence,
    ...(notice.lines?.length ? ['', ...notice.lines] : []),
    '',
    `When: ${formatUtc(notice.at)}`,
    `From address: ${notice.clientAddress ?? 'unknown'}`,
  ];
  if (notice.actor) lines.push(`By: ${notice.actor.email}`);
  if (what.audience !== 'admin') lines.push(`Account: ${notice.user.email}`);
  lines.push('');
  if (what.closing) lines.push(...what.closing);
  else {
    lines.push('If this was you, there is nothing to do.', '');
    if (notice.notMeLink) {
      lines.push(
        'If this was not you, open this link at once. It signs your account out everywhere and locks',
        'sign-in until your administrator unlocks it (it works once, for 7 days):',
        notice.notMeLink,
        '',
        'Then:',
      );
    }
    lines.push(...(what.ifNotYou ?? DEFAULT_IF_NOT_YOU));
  }
  lines.push('', `-- ${PRODUCT}`, 'This is an automatic security notice; replies are not read.');
  return { subject: `${PRODUCT}: ${what.subject}`, text: lines.join('\n') };
}

/** Renders the email carrying a one-time "Forgot password?" link (30 minutes, works once). */
export function renderPasswordResetLink(mail: PasswordResetLinkMail): MailText {
  const lines = [
    `Hello ${mail.user.name},`,
    '',
    'Someone asked to set a new password for your account (Forgot password?). To choose a new',
    'password, open this link in your browser within 30 minutes. It works once:',
    '',
    mail.link,
    '',
    'Setting a new password signs out every device signed in to your account. Two-factor',
    'authentication stays on: signing in still asks for the code from your authenticator app.',
    '',
    `When: ${formatUtc(mail.at)}`,
    `From address: ${mail.clientAddress ?? 'unknown'}`,
    `Account: ${mail.user.email}`,
    '',
    'If you did not ask for this, ignore this email: your password stays as it is.',
    '',
    `-- ${PRODUCT}`,
    'This is an automatic security notice; replies are not read.',
  ];
  return { subject: `${PRODUCT}: Set a new password`, text: lines.join('\n') };
}

/** Renders the notice of a notify-unenrolled campaign: the company now requires 2FA, and how to set it up. */
export function renderCampaignNotice(input: { companyName: string; at: number; deadline?: number | null }): MailText {
  const when = input.deadline
    ? [
        `${input.companyName} requires two-factor authentication to sign in to the ${PRODUCT} console`,
        `by ${formatUtc(input.deadline)}. Your account does not have it yet: set it up before then (at`,
        'any sign-in, "Set up now"); from then on, you cannot use the console until you finish.',
      ]
    : [
        `${input.companyName} now requires two-factor authentication to sign in to the ${PRODUCT} console`,
        `(since ${formatUtc(input.at)}). Your account does not have it yet, so you will set it up at your`,
        'next sign-in; until you finish, you cannot use the console.',
      ];
  const lines = [
    'Hello,',
    '',
    ...when,
    '',
    'Before you start, install one of these authenticator apps on your phone:',
    'Google Authenticator, Microsoft Authenticator, Duo Mobile or Twilio Authy.',
    '',
    'At your next sign-in:',
    '1. Sign in with your email and password as usual.',
    '2. Turn on "Two-Factor Authentication" and click Next.',
    '3. Scan the QR code with your authenticator app (or type the setup key into it), then click Next.',
    '4. Enter the 6-digit verification code your app shows and click Next.',
    '5. Store or download the backup code in a safe place, tick "The backup code has been saved",',
    '   then click Done.',
    '',
    'From then on, every sign-in asks for the code your app shows. If you lose your phone, choose',
    '"Don\'t know the code" and enter your backup code: this resets two-factor authentication so',
    'you can set it up again.',
    '',
    'If you did not expect this email, ask your administrator.',
    '',
    `-- ${PRODUCT}`,
  ];
  return { subject: `${PRODUCT}: ${input.companyName} now requires two-factor authentication`, text: lines.join('\n') };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The HTML alternative of a plain-text body: escaped paragraphs, line breaks kept. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c).replace(/\n/g, '<br>\n')}</p>`);
  return `<!doctype html>\n<html><body style="font-family: sans-serif; line-height: 1.4">\n${paragraphs.join('\n')}\n</body></html>\n`;
}
