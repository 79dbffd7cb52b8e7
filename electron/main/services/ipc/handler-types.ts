import type { InputOf, MethodOf, Namespace, OutputOf, SavedFile, SaveTextFileInput } from '@rms/shared';

/** The handlers of one namespace: one async function per call of the IPC table, input already validated. */
export type NamespaceHandlers<N extends Namespace> = {
  [M in MethodOf<N>]: (input: InputOf<N, M>) => Promise<OutputOf<N, M>>;
};

/** Every handler of the IPC table: a call without a handler does not compile. */
export type ChannelHandlers = { [N in Namespace]: NamespaceHandlers<N> };

/** A handler as the dispatcher runs it (input validated, answer not yet checked). */
export type AnyHandler = (input: unknown) => Promise<unknown>;

/** What the host (Electron, browser host) provides for the app namespace's desktop features. */
export interface HostPlatform {
  /** Puts text on the clipboard. */
  copyText(text: string): Promise<void>;
  /** Asks where to save a text file (native dialog) and writes it with mode 0600. */
  saveTextFile(input: SaveTextFileInput): Promise<SavedFile>;
}
