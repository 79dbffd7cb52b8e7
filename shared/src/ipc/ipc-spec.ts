import type { InputSchema } from './inputs.js';

/** A request/response channel: the window calls, a main-process handler answers `Output`. */
export interface CallSpec<Input extends InputSchema = InputSchema, Output = unknown> {
  readonly kind: 'call';
  /** Builds the validator the main process checks the input with before the handler runs. */
  readonly input: Input;
  /** Type only (never set): what the handler answers. */
  readonly output?: Output;
}

/** An event the main process pushes to the window, carrying `Payload`. */
export interface EventSpec<Payload = unknown> {
  readonly kind: 'event';
  /** Type only (never set): what the event carries. */
  readonly payload?: Payload;
}

/** One row of the IPC table. */
export type IpcSpec = CallSpec | EventSpec;

/** Names a type for a row of the IPC table (types only: nothing is checked at runtime). */
export interface TypeMarker<T> {
  readonly type?: T;
}

const MARKER: TypeMarker<never> = Object.freeze({});

/** What a call answers, e.g. `answers<AuthState>()`. */
export function answers<T>(): TypeMarker<T> {
  return MARKER;
}

/** What an event carries, e.g. `carries<AppNotice>()`. */
export function carries<T>(): TypeMarker<T> {
  return MARKER;
}

/** Declares a call: its input schema and the type it answers. */
export function call<Input extends InputSchema, Output>(input: Input, _output: TypeMarker<Output>): CallSpec<Input, Output> {
  return Object.freeze({ kind: 'call', input });
}

/** Declares an event and the type it carries. */
export function event<Payload>(_payload: TypeMarker<Payload>): EventSpec<Payload> {
  return Object.freeze({ kind: 'event' });
}
