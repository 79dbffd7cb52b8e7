import { readPngSize } from './png-size.js';

/** One image inside an .ico file: its declared size and its PNG bytes. */
export interface IcoEntry {
  size: number;
  png: Buffer;
}

/**
 * Builds a Windows .ico file holding the given square PNG images (PNG-compressed entries,
 * supported since Windows Vista). Sizes above 256 are refused: the format cannot declare them.
 */
export function encodeIco(pngs: Buffer[]): Buffer {
  if (pngs.length === 0) throw new Error('an .ico file needs at least one image');
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type 1 = icon
  header.writeUInt16LE(pngs.length, 4);
  const directory = Buffer.alloc(16 * pngs.length);
  let offset = header.length + directory.length;
  pngs.forEach((png, i) => {
    const { width, height } = readPngSize(png);
    if (width !== height || width > 256) throw new Error(`.ico images must be square and at most 256 px, got ${width}x${height}`);
    const at = i * 16;
    directory.writeUInt8(width === 256 ? 0 : width, at); // 0 means 256
    directory.writeUInt8(height === 256 ? 0 : height, at + 1);
    directory.writeUInt8(0, at + 2); // no palette
    directory.writeUInt8(0, at + 3); // reserved
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(png.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...pngs]);
}

/** Lists the images of an .ico file (PNG entries only), checking its structure as it goes. */
export function decodeIco(ico: Buffer): IcoEntry[] {
  if (ico.length < 6 || ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an .ico file');
  const count = ico.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 16;
    if (at + 16 > ico.length) throw new Error('truncated .ico directory');
    const size = ico.readUInt8(at) || 256;
    const length = ico.readUInt32LE(at + 8);
    const offset = ico.readUInt32LE(at + 12);
    if (offset + length > ico.length) throw new Error(`.ico entry ${i} points past the end of the file`);
    entries.push({ size, png: ico.subarray(offset, offset + length) });
  }
  return entries;
}
