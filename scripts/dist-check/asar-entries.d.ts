import type { ArchiveHeader } from '@electron/asar';
/** One file recorded in an asar archive header. */
export interface AsarEntry {
    /** Path inside the archive, '/'-separated, without a leading slash (e.g. "out/main/index.js"). */
    path: string;
    /** Size in bytes. */
    size: number;
    /** True when the file lives next to the archive, in app.asar.unpacked/. */
    unpacked: boolean;
}
interface HeaderNode {
    files?: Record<string, HeaderNode>;
    size?: number | string;
    unpacked?: boolean;
    link?: string;
}
/** Flattens an asar header (as returned by @electron/asar's getRawHeader) into its file entries. */
export declare function listAsarEntries(header: ArchiveHeader['header'] | HeaderNode): AsarEntry[];
export {};
