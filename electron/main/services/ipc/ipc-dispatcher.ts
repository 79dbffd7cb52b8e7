import type { ChannelName, IpcResult, RmsErrorInfo } from '@rms/shared';
import { INPUT_SCHEMAS } from '@rms/shared';
import { isRmsError } from '../errors/rms-error.js';
import type { Logger } from '../logging/logger.js';
import type { ChannelHandlers } from './handler-types.js';

/** The sentence sent for failures the app did not expect (details go only to the main log). */
export const GENERIC_FAILURE =
  'Something went wrong in the app. Try again; if it keeps happening, restart the app and contact your administrator.';

/** True when the string is a channel of the map. */
export function isChannelName(value: string): value is ChannelName {
  return Object.prototype.hasOwnProperty.call(INPUT_SCHEMAS, value);
}

/**
 * The main-process edge of IPC: validates every input with INPUT_SCHEMAS, runs the handler and
 * wraps the result or error into an IpcResult. `leaksSecret` is a last fence: an answer that
 * contains a live token is never sent.
 */
export class IpcDispatcher {
  constructor(
    private readonly handlers: ChannelHandlers,
    private readonly logger: Logger,
    private readonly leaksSecret: (serialized: string) => boolean = () => false,
  ) {}

  /** Handles one call from the window. Never throws. */
  async dispatch(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    if (!isChannelName(channel)) {
      return { ok: false, error: { code: 'invalid_input', message: 'The app asked for something that does not exist. Restart the app.' } };
    }
    const parsed = INPUT_SCHEMAS[channel].safeParse(input);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const message = first && !first.message.startsWith('Invalid') ? first.message : 'Some of the information entered is not valid. Check it and try again.';
      return { ok: false, error: { code: 'invalid_input', message } };
    }
    const [namespace, method] = channel.split(':') as [keyof ChannelHandlers, string];
    const handler = (this.handlers[namespace] as unknown as Record<string, (input: unknown) => Promise<unknown>>)[method];
    if (!handler) return { ok: false, error: { code: 'invalid_input', message: 'The app asked for something that does not exist. Restart the app.' } };
    try {
      const value = await handler(parsed.data);
      if (value !== undefined && this.leaksSecret(JSON.stringify(value))) {
        this.logger.error('refused to send an IPC answer containing a token', { channel });
        return { ok: false, error: { code: 'internal_error', message: GENERIC_FAILURE } };
      }
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: this.toErrorInfo(channel, err) };
    }
  }

  private toErrorInfo(channel: string, err: unknown): RmsErrorInfo {
    if (isRmsError(err)) return { ...err.info };
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    this.logger.error('unexpected failure in an IPC handler', { channel, detail: this.leaksSecret(detail) ? '[contains a token]' : detail });
    return { code: 'internal_error', message: GENERIC_FAILURE };
  }
}
