import { z } from 'zod';
import type { IpcResult, RmsErrorInfo } from '@rms/shared';
import { findCall, IPC_CALLS } from '@rms/shared';
import { isServiceError } from '../errors/service-error.js';
import type { Logger } from '../logging/logger.js';
import type { AnyHandler, ChannelHandlers } from './handler-types.js';

/** The sentence sent for failures the app did not expect (details go only to the main log). */
export const GENERIC_FAILURE =
  'Something went wrong in the app. Try again; if it keeps happening, restart the app and contact your administrator.';

const NO_SUCH_CHANNEL: IpcResult<never> = {
  ok: false,
  error: { code: 'invalid_input', message: 'The app asked for something that does not exist. Restart the app.' },
};

/** A call as the dispatcher runs it: the input's validator and the handler. */
interface Route {
  input: z.ZodType;
  handler: AnyHandler;
}

/** Builds the validator and picks the handler of every call of the IPC table; throws, naming them, when handlers are missing. */
function routeTable(handlers: ChannelHandlers): Map<string, Route> {
  const table = new Map<string, Route>();
  const missing: string[] = [];
  for (const call of IPC_CALLS) {
    const namespace = (handlers as unknown as Record<string, Record<string, unknown> | undefined>)[call.namespace];
    const handler = namespace?.[call.method];
    if (typeof handler === 'function') table.set(call.name, { input: call.input(z), handler: (input) => (handler as AnyHandler).call(namespace, input) });
    else missing.push(call.name);
  }
  if (missing.length > 0) throw new Error(`No IPC handler for ${missing.join(', ')}: every call of IPC_TABLE needs one.`);
  return table;
}

/**
 * The main-process edge of IPC: validates every input with the schema the IPC table declares,
 * runs the handler and wraps the result or error into an IpcResult. `leaksSecret` is a last
 * fence: an answer that contains a live token is never sent.
 */
export class IpcDispatcher {
  private readonly routes: Map<string, Route>;

  constructor(
    handlers: ChannelHandlers,
    private readonly logger: Logger,
    private readonly leaksSecret: (serialized: string) => boolean = () => false,
  ) {
    this.routes = routeTable(handlers);
  }

  /** Handles one call from the window. Never throws. */
  async dispatch(channel: string, input: unknown): Promise<IpcResult<unknown>> {
    const call = findCall(channel);
    const route = call && this.routes.get(call.name);
    if (!route) return NO_SUCH_CHANNEL;
    const parsed = route.input.safeParse(input);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const message = first && !first.message.startsWith('Invalid') ? first.message : 'Some of the information entered is not valid. Check it and try again.';
      return { ok: false, error: { code: 'invalid_input', message } };
    }
    try {
      const value = await route.handler(parsed.data);
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
    if (isServiceError(err)) return { ...err.info };
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    this.logger.error('unexpected failure in an IPC handler', { channel, detail: this.leaksSecret(detail) ? '[contains a token]' : detail });
    return { code: 'internal_error', message: GENERIC_FAILURE };
  }
}
