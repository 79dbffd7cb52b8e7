import type { RmsErrorInfo } from './errors.js';

/** Formats a duration in seconds the way a person says it ("45 seconds", "about 2 minutes"). */
export function describeDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(Math.abs(totalSeconds)));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

/**
 * The sentence a person reads for an app or API error, one that says what to do next (a
 * countdown text takes the remaining seconds in `retryAfterSeconds`; counting down is the
 * caller's job). Used by the main process and the renderer alike.
 */
export function errorSentence(error: RmsErrorInfo): string {
  switch (error.code) {
    case 'invalid_credentials':
      return 'The email or password is incorrect. Check both and try again.';
    case 'invalid_code':
      if (error.hint === 'check_phone_clock') {
        return "That code is not correct. If your code is right, check that your phone's clock is set automatically, then enter the new code.";
      }
      return 'That code is not correct. Enter the 6-digit code your authenticator app shows now.';
    case 'code_already_used':
      return 'That code was already used. Wait for your authenticator app to show a new code, then enter it.';
    case 'clock_skew': {
      const offset = error.offsetSeconds ?? 0;
      const direction = offset >= 0 ? 'ahead' : 'behind';
      return `That code is from a different time: your phone's clock is ${describeDuration(offset)} ${direction}. Turn on automatic date and time on your phone, then enter the new code.`;
    }
    case 'too_many_attempts':
      return `Too many attempts. Try again in ${describeDuration(error.retryAfterSeconds ?? 30)}.`;
    case 'account_locked':
      // Without a countdown the lock lasts until an administrator lifts it ("this wasn't me").
      if (error.retryAfterSeconds === undefined) {
        return 'Sign-in to this account is locked because someone reported activity on it that was not theirs. Contact your administrator to unlock it.';
      }
      return `This account is locked after too many failed codes. Ask an administrator to unlock it, or try again in ${describeDuration(error.retryAfterSeconds)}.`;
    case 'invalid_backup_code':
      return 'That backup code is not correct. Check it against the code you saved (dashes and spaces do not matter).';
    case 'invalid_temporary_code':
      return 'That temporary access code is not correct, was already used or has expired. Check it with your administrator (dashes do not matter), or ask for a new one.';
    case 'email_code_required':
      return 'Your company checks your email before you set up two-factor authentication. Enter the 6-digit code we just emailed you.';
    case 'invalid_email_code':
      return 'That email code is not correct or has expired. Enter the 6-digit code from the latest email, or ask for a new one.';
    case 'challenge_expired':
    case 'invalid_challenge':
      return 'Your sign-in took too long and has expired. Sign in again with your email and password.';
    case 'enrollment_expired':
    case 'enrollment_not_started':
      return 'The setup took too long and has expired. Start the two-factor setup again.';
    case 'enrollment_not_confirmed':
      return 'Confirm a code from your authenticator app before finishing the setup.';
    case 'backup_code_not_saved':
      return 'Save your backup code and tick "The backup code has been saved" before you finish.';
    case 'device_change_not_started':
      return 'The device change has expired. Start it again from Account settings.';
    case 'admin_two_factor_required':
      return "Turn on two-factor authentication for your own account first: changing the company's requirement or another person's two-factor authentication needs your own code.";
    case 'step_up_required':
      return "Enter a current code from your authenticator app to lower the company's protection.";
    case 'policy_requires_two_factor':
      return 'Your company requires two-factor authentication, so it cannot be turned off.';
    case 'enrollment_required':
      return 'Your company requires two-factor authentication. Set it up to continue.';
    case 'two_factor_already_enabled':
      return 'Two-factor authentication is already turned on for this account.';
    case 'two_factor_not_enabled':
      return 'Two-factor authentication is not turned on for this account.';
    case 'session_expired':
    case 'session_revoked':
    case 'unauthorized':
    case 'invalid_refresh_token':
    case 'refresh_token_reused':
    case 'not_signed_in':
      return 'Your session has ended. Sign in again.';
    case 'forbidden':
      return 'Only an administrator can do that.';
    case 'cannot_target_self':
      return 'You cannot do this to your own account here. Use Account settings: your backup code, Change device, or turning two-factor off when allowed.';
    case 'reset_request_not_found':
      return 'That reset request no longer exists. Refresh the list of pending requests.';
    case 'reset_request_not_pending':
      return 'That reset request was already approved or denied by another administrator. Refresh the list.';
    case 'reset_request_expired':
      return 'That reset request has expired (requests last 24 hours). Ask for a new one if the reset is still needed.';
    case 'cannot_approve_own_request':
      return 'You asked for this reset, so another administrator must approve it. You can still deny (withdraw) it.';
    case 'second_administrator_required':
      return "Another administrator's authenticator can be replaced only with a second administrator's approval: use Reset two-factor, which asks one to approve.";
    case 'invalid_current_password':
      return 'Your current password is not correct. Type it again (check Caps Lock).';
    case 'weak_password':
      return error.message || 'Choose a stronger password: at least 12 characters that are hard to guess, such as a few uncommon words.';
    case 'password_unchanged':
      return 'The new password is the same as the current one. Choose a different password.';
    case 'session_not_found':
      return 'That device is no longer signed in.';
    case 'user_not_found':
      return 'That user no longer exists. Refresh the list.';
    case 'campaign_not_found':
      return 'That notification campaign was not found.';
    case 'backend_unreachable':
      return 'The RMS server cannot be reached. Check your network connection (and VPN or proxy), then try again.';
    case 'backend_not_configured':
      return 'No RMS server is set. Enter the server address to continue.';
    case 'backend_url_invalid':
      return 'That is not a valid server address. Enter an address such as https://rms.example.com.';
    case 'backend_url_insecure':
      return 'The server address must start with https:// (plain http:// is allowed only for this computer).';
    case 'backend_url_locked':
      return 'The server address is set by your organisation and cannot be changed here.';
    case 'tls_error':
      return "The server's certificate is not trusted by this computer. Ask your IT team to install your organisation's certificate.";
    case 'keychain_unavailable':
      return 'The system keychain is not available, so you will need to sign in again next time the app starts.';
    case 'service_unavailable':
      return 'The RMS server is temporarily unavailable. Try again in a moment.';
    case 'validation_failed':
    case 'invalid_input':
      return error.message || 'Some of the information entered is not valid. Check it and try again.';
    case 'save_cancelled':
      return 'The file was not saved.';
    default:
      return error.message || 'Something went wrong. Try again; if it keeps happening, contact your administrator.';
  }
}
