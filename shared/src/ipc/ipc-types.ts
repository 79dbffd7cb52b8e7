import type { RmsErrorInfo } from '../errors.js';
import type { InputSchema, InputType } from './inputs.js';
import type { CallSpec, EventSpec } from './ipc-spec.js';
import type { IPC_TABLE } from './ipc-table.js';

type Table = typeof IPC_TABLE;

/** A namespace of the IPC table (`app`, `auth`, ...): one object of `window.rms` each. */
export type Namespace = keyof Table & string;

/** The names of the calls of a namespace. */
export type MethodOf<N extends Namespace> = { [K in keyof Table[N]]: Table[N][K] extends CallSpec ? K : never }[keyof Table[N]] & string;

/** The names of the events of a namespace. */
type EventKeyOf<N extends Namespace> = { [K in keyof Table[N]]: Table[N][K] extends EventSpec ? K : never }[keyof Table[N]] & string;

/** The wire name of a call: `namespace:method`. */
export type ChannelName = { [N in Namespace]: `${N}:${MethodOf<N>}` }[Namespace];

/** The wire name of an event: `namespace:event`. */
export type EventName = { [N in Namespace]: `${N}:${EventKeyOf<N>}` }[Namespace];

/** The input of a call once validated (`undefined` for calls without input). */
export type InputOf<N extends Namespace, M extends MethodOf<N>> = Table[N][M] extends CallSpec<infer I, unknown> ? InputType<I> : never;

/** What a call answers. */
export type OutputOf<N extends Namespace, M extends MethodOf<N>> = Table[N][M] extends CallSpec<InputSchema, infer O> ? O : never;

/** Events main pushes to the window, by wire name, with their payloads. */
export type EventMap = {
  [E in EventName]: E extends `${infer N extends Namespace}:${infer K}`
    ? K extends keyof Table[N]
      ? Table[N][K] extends EventSpec<infer P>
        ? P
        : never
      : never
    : never;
};

/** What every IPC call resolves to: errors travel as data, because IPC drops error properties. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: RmsErrorInfo };

/** A method of `window.rms`: no argument for calls without input. */
type BridgeMethod<I, O> = [I] extends [undefined] ? () => Promise<IpcResult<O>> : (input: I) => Promise<IpcResult<O>>;

/** The shape of `window.rms`: one object per namespace, each call returning an `IpcResult`, plus `events.on`. */
export type RmsBridge = {
  [N in Namespace]: { [M in MethodOf<N>]: BridgeMethod<InputOf<N, M>, OutputOf<N, M>> };
} & {
  events: {
    /** Subscribes to a main-process event; returns the unsubscribe function. */
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  };
};
