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
export function listAsarEntries(header: ArchiveHeader['header'] | HeaderNode): AsarEntry[] {
  const entries: AsarEntry[] = [];
  const walk = (node: HeaderNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, path);
      else if (child.link === undefined) entries.push({ path, size: Number(child.size ?? 0), unpacked: child.unpacked === true });
    }
  };
  walk(header as HeaderNode, '');
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}
