/** Width and height of a PNG image, read from its IHDR chunk. */
export interface PngSize {
  width: number;
  height: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Reads a PNG's dimensions from its header; throws a clear error when the bytes are not a PNG. */
export function readPngSize(png: Buffer): PngSize {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG image (missing PNG signature or IHDR chunk)');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
