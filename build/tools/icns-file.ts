import { readPngSize } from './png-size.js';

/**
 * The PNG-carrying icon types of Apple's .icns format, by OSType, with the pixel size each holds.
 * (Retina variants such as ic11 = 16@2x carry the doubled pixel size.)
 */
export const ICNS_TYPES: ReadonlyArray<{ type: string; pixels: number }> = [
  { type: 'icp4', pixels: 16 },
  { type: 'icp5', pixels: 32 },
  { type: 'ic11', pixels: 32 },
  { type: 'icp6', pixels: 64 },
  { type: 'ic12', pixels: 64 },
  { type: 'ic07', pixels: 128 },
  { type: 'ic08', pixels: 256 },
  { type: 'ic13', pixels: 256 },
  { type: 'ic09', pixels: 512 },
  { type: 'ic14', pixels: 512 },
  { type: 'ic10', pixels: 1024 },
];

/** One image inside an .icns file. */
export interface IcnsEntry {
  type: string;
  png: Buffer;
}

/**
 * Builds a macOS .icns file from PNGs keyed by pixel size: every type of ICNS_TYPES whose size
 * is present gets an entry. Throws when a PNG's real size differs from its key.
 */
export function encodeIcns(pngsBySize: ReadonlyMap<number, Buffer>): Buffer {
  const chunks: Buffer[] = [];
  for (const { type, pixels } of ICNS_TYPES) {
    const png = pngsBySize.get(pixels);
    if (!png) continue;
    const { width, height } = readPngSize(png);
    if (width !== pixels || height !== pixels) throw new Error(`${type} needs a ${pixels}px PNG, got ${width}x${height}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    chunks.push(head, png);
  }
  if (chunks.length === 0) throw new Error('an .icns file needs at least one image of a supported size');
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

/** Lists the entries of an .icns file, checking the declared lengths. */
export function decodeIcns(icns: Buffer): IcnsEntry[] {
  if (icns.length < 8 || icns.toString('latin1', 0, 4) !== 'icns') throw new Error('not an .icns file');
  if (icns.readUInt32BE(4) !== icns.length) throw new Error('.icns length field does not match the file size');
  const entries: IcnsEntry[] = [];
  let at = 8;
  while (at < icns.length) {
    if (at + 8 > icns.length) throw new Error('truncated .icns entry header');
    const type = icns.toString('latin1', at, at + 4);
    const length = icns.readUInt32BE(at + 4);
    if (length < 8 || at + length > icns.length) throw new Error(`.icns entry ${type} has a bad length`);
    entries.push({ type, png: icns.subarray(at + 8, at + length) });
    at += length;
  }
  return entries;
}
