import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@rms/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../domain/api-error.js';
import type { DomainContext } from '../../domain/context.js';
import type { LinkLookup } from '../../domain/link-tokens.js';
import { lookUpNotMeLink, reportNotMe } from '../../domain/not-me.js';
import { assertSamePassword, completePasswordReset, lookUpResetLink } from '../../domain/password-reset.js';
import { originOf } from '../request-auth.js';
import { isSameOriginPost } from './form-guard.js';
import { html, sendPage } from './page-html.js';
import type { Html } from './page-html.js';

/** Form bodies are small: two passwords at most. */
const FORM_BODY_LIMIT = 4 * 1024;

type TokenRequest = FastifyRequest<{ Params: { token: string }; Body: Record<string, string> | undefined }>;

/** What a link that does not work says, by why. */
function brokenLink(reply: FastifyReply, status: Exclude<LinkLookup['status'], 'valid'>, again: string): FastifyReply {
  switch (status) {
    case 'used':
      return sendPage(reply, 410, 'This link was already used', html`<p>Each link works once, and this one has been used. ${again}</p>`);
    case 'expired':
      return sendPage(reply, 410, 'This link has expired', html`<p>The link is no longer valid. ${again}</p>`);
    default:
      return sendPage(
        reply,
        404,
        'This link is not valid',
        html`<p>Check that you opened the whole link from the email (a link broken across two lines stops working). ${again}</p>`,
      );
  }
}

const RESET_AGAIN = 'To set a new password, choose "Forgot password?" on the sign-in screen of the app; a new link will be emailed to you.';
const NOT_ME_AGAIN = 'If you think someone else is using your account, contact your administrator.';

function refusedCrossSite(reply: FastifyReply): FastifyReply {
  return sendPage(
    reply,
    403,
    'This form was sent from another site',
    html`<p>For your safety, this change is accepted only from the page the emailed link opens. Open the link from the email again.</p>`,
  );
}

function resetForm(email: string, error?: string): Html {
  return html`
${error ? html`<p class="error" role="alert">${error}</p>` : html``}
<p>Choose a new password for <strong>${email}</strong>. Setting it signs you out on every device. Two-factor authentication stays on: signing in still asks for your code.</p>
<form method="post">
<input type="hidden" name="username" value="${email}" autocomplete="username">
<label for="password">New password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="${String(PASSWORD_MIN_LENGTH)}" aria-describedby="password-hint">
<p class="hint" id="password-hint">${String(PASSWORD_MIN_LENGTH)}–${String(PASSWORD_MAX_LENGTH)} characters. A few uncommon words make a strong password that is easy to remember.</p>
<label for="again">New password again</label>
<input id="again" name="again" type="password" autocomplete="new-password" required>
<button type="submit">Set new password</button>
</form>`;
}

function notMeForm(email: string, about: string | null | undefined): Html {
  return html`
${about ? html`<p>You opened the link of the email <strong>"${about}"</strong> sent to <strong>${email}</strong>.</p>` : html``}
<p>If that was not you, confirm below. This signs your account out on every device at once, and nobody can sign in to it until your administrator unlocks it. Your administrators are told.</p>
<form method="post">
<input type="hidden" name="confirm" value="yes">
<button type="submit" class="danger">Yes, this wasn't me: lock my account</button>
</form>
<p class="hint">If it was you, close this page: nothing changes.</p>`;
}

/**
 * The pages the emailed one-time links open (server-rendered, no script; see page-html.ts for the
 * headers): `/account/reset-password/<token>` sets a new password, `/account/not-me/<token>`
 * reports "this wasn't me". GET only shows; POST (same-origin only) acts and spends the link.
 */
export function accountLinkPages(ctx: DomainContext, publicUrl: () => string) {
  return async (pages: FastifyInstance): Promise<void> => {
    // Only these pages read HTML form bodies; the API stays JSON-only.
    pages.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    pages.setErrorHandler((error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413 || status === 415) {
        return sendPage(reply, status, 'This form could not be read', html`<p>Open the link from the email again and use the form on its page.</p>`);
      }
      request.log.error({ err: error }, 'link page failed');
      return sendPage(reply, 500, 'Something went wrong', html`<p>Try again in a moment. If it keeps happening, contact your administrator.</p>`);
    });
    const schema = { hide: true };

    pages.get('/account/reset-password/:token', { schema }, async (req: TokenRequest, reply) => {
      const found = await lookUpResetLink(ctx, req.params.token);
      if (found.status !== 'valid') return brokenLink(reply, found.status, RESET_AGAIN);
      return sendPage(reply, 200, 'Set a new password', resetForm(found.email ?? ''));
    });

    pages.post('/account/reset-password/:token', { schema }, async (req: TokenRequest, reply) => {
      if (!isSameOriginPost(req, publicUrl())) return refusedCrossSite(reply);
      const found = await lookUpResetLink(ctx, req.params.token);
      if (found.status !== 'valid') return brokenLink(reply, found.status, RESET_AGAIN);
      const password = req.body?.password ?? '';
      try {
        assertSamePassword(password, req.body?.again ?? '');
        const refused = await completePasswordReset(ctx, req.params.token, password, originOf(req));
        if (refused) return brokenLink(reply, refused, RESET_AGAIN);
      } catch (error) {
        if (error instanceof ApiError && error.status === 400) {
          return sendPage(reply, 400, 'Set a new password', resetForm(found.email ?? '', error.message));
        }
        throw error;
      }
      return sendPage(
        reply,
        200,
        'Your password was changed',
        html`<p>Sign in to the app with your new password. Every device was signed out. Two-factor authentication is unchanged, so signing in still asks for the code from your authenticator app.</p><p>You can close this page.</p>`,
      );
    });

    pages.get('/account/not-me/:token', { schema }, async (req: TokenRequest, reply) => {
      const found = await lookUpNotMeLink(ctx, req.params.token);
      if (found.status !== 'valid') return brokenLink(reply, found.status, NOT_ME_AGAIN);
      return sendPage(reply, 200, 'This wasn\'t me', notMeForm(found.email ?? '', found.about));
    });

    pages.post('/account/not-me/:token', { schema }, async (req: TokenRequest, reply) => {
      if (!isSameOriginPost(req, publicUrl())) return refusedCrossSite(reply);
      if (req.body?.confirm !== 'yes') return reply.redirect(req.url, 303);
      const refused = await reportNotMe(ctx, req.params.token, originOf(req));
      if (refused) return brokenLink(reply, refused, NOT_ME_AGAIN);
      return sendPage(
        reply,
        200,
        'Your account is locked',
        html`<p>Every device was signed out, and nobody can sign in to your account now. Your administrators were told.</p><p>Contact your administrator to unlock it, then choose "Forgot password?" on the sign-in screen to set a new password.</p>`,
      );
    });
  };
}
