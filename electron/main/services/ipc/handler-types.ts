import type { InputOf, MethodOf, Namespace, OutputOf, SaveTextFileInput } from '@rms/shared';

/** The handlers of one namespace: one async function per channel, input already validated. */
export type NamespaceHandlers<N extends Namespace> = {
  [M in MethodOf<N>]: (input: InputOf<N, M>) => Promise<OutputOf<N, M>>;
};

/** Every handler of the channel map. */
export type ChannelHandlers = { [N in Namespace]: NamespaceHandlers<N> };

/** What the host (Electron, browser host) provides for the app namespace's desktop features. */
export interface HostPlatform {
  /** Puts text on the clipboard. */
  copyText(text: string): Promise<void>;
  /** Asks where to save a text file (native dialog) and writes it with mode 0600. */
  saveTextFile(input: SaveTextFileInput): Promise<{ saved: boolean; fileName: string | null }>;
}
