import type { InputSchema } from './inputs.js';
import type { IpcSpec } from './ipc-spec.js';
import { IPC_TABLE } from './ipc-table.js';
import type { ChannelName, EventName, MethodOf, Namespace } from './ipc-types.js';

/** One call of the IPC table, as every side sees it. */
export interface IpcCall {
  readonly namespace: Namespace;
  readonly method: string;
  /** The wire name, `namespace:method`. */
  readonly name: ChannelName;
  /** Builds the input's validator from zod (only the main process does). */
  readonly input: InputSchema;
}

/** One event of the IPC table. */
export interface IpcEvent {
  readonly namespace: Namespace;
  readonly name: EventName;
}

/** The one walk over the table: every call and every event, in declaration order. */
function walkTable(): { calls: IpcCall[]; events: IpcEvent[] } {
  const calls: IpcCall[] = [];
  const events: IpcEvent[] = [];
  for (const [namespace, rows] of Object.entries(IPC_TABLE) as [Namespace, Record<string, IpcSpec>][]) {
    for (const [method, spec] of Object.entries(rows)) {
      const name = `${namespace}:${method}`;
      if (spec.kind === 'call') calls.push(Object.freeze({ namespace, method, name: name as ChannelName, input: spec.input }));
      else events.push(Object.freeze({ namespace, name: name as EventName }));
    }
  }
  return { calls, events };
}

const walked = walkTable();

/** Every call of the table. */
export const IPC_CALLS: readonly IpcCall[] = Object.freeze(walked.calls);

/** Every event of the table. */
export const IPC_EVENTS: readonly IpcEvent[] = Object.freeze(walked.events);

const callsByName = new Map<string, IpcCall>(IPC_CALLS.map((c) => [c.name, c]));
const eventNames = new Set<string>(IPC_EVENTS.map((e) => e.name));

/** The call with this wire name, or undefined (never matches inherited names like `__proto__`). */
export function findCall(name: string): IpcCall | undefined {
  return callsByName.get(name);
}

/** True when the string is the wire name of an event of the table. */
export function isEventName(name: string): name is EventName {
  return eventNames.has(name);
}

/** An object per namespace with one entry per call, as `window.rms`, its mocks and the client are built. */
export type CallsShape<R> = { [N in Namespace]: { [M in MethodOf<N>]: R } };

/** Builds one object per namespace, with `make(call)` for each of its calls (the walker every side uses). */
export function mapCalls<R>(make: (call: IpcCall) => R): CallsShape<R> {
  const out: Record<string, Record<string, R>> = {};
  for (const c of IPC_CALLS) (out[c.namespace] ??= {})[c.method] = make(c);
  return out as CallsShape<R>;
}
