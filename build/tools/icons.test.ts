import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeIcns, encodeIcns, ICNS_TYPES } from './icns-file.js';
import { decodeIco, encodeIco } from './ico-file.js';
import { readPngSize } from './png-size.js';
import { BUILD_DIR, ICNS_SIZES, ICO_SIZES, PNG_SIZES, renderSvg } from './render-icons.js';

const read = (relative: string): Buffer => readFileSync(join(BUILD_DIR, relative));

describe('committed packaging icons', () => {
  it.each(PNG_SIZES)('build/icons/%ix%i.png exists with the right dimensions', (size) => {
    expect(readPngSize(read(`icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
  });

  it('build/icon.png is the 1024 px master', () => {
    expect(readPngSize(read('icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('build/icon.ico holds 16…256 px images, each a real PNG of its declared size', () => {
    const entries = decodeIco(read('icon.ico'));
    expect(entries.map((e) => e.size)).toEqual([...ICO_SIZES]);
    for (const entry of entries) expect(readPngSize(entry.png)).toEqual({ width: entry.size, height: entry.size });
  });

  it('build/icon.icns holds every size up to 1024 px, each entry the size its type declares', () => {
    const entries = decodeIcns(read('icon.icns'));
    const pixelsOf = new Map(ICNS_TYPES.map((t) => [t.type, t.pixels]));
    expect(entries.map((e) => e.type)).toEqual(ICNS_TYPES.map((t) => t.type));
    for (const entry of entries) {
      const pixels = pixelsOf.get(entry.type)!;
      expect(readPngSize(entry.png)).toEqual({ width: pixels, height: pixels });
    }
    expect(new Set(entries.map((e) => readPngSize(e.png).width))).toEqual(new Set(ICNS_SIZES));
  });

  it('the committed 64 px icon matches a fresh render of build/icon.svg (icons are not stale)', () => {
    const fresh = PNG.sync.read(renderSvg(read('icon.svg').toString('utf8'), 64));
    const committed = PNG.sync.read(read('icons/64x64.png'));
    let diff = 0;
    for (let i = 0; i < fresh.data.length; i++) diff += Math.abs(fresh.data[i]! - committed.data[i]!);
    expect(diff / fresh.data.length).toBeLessThan(2);
  });
});

describe('icon encoders', () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>';

  it('round-trip an .ico and refuse non-square or oversized images', () => {
    const ico = encodeIco([renderSvg(svg, 16), renderSvg(svg, 256)]);
    expect(decodeIco(ico).map((e) => e.size)).toEqual([16, 256]);
    expect(() => encodeIco([renderSvg(svg, 512)])).toThrow(/at most 256 px/);
    expect(() => encodeIco([])).toThrow(/at least one image/);
  });

  it('round-trip an .icns and refuse a PNG whose size differs from its key', () => {
    const icns = encodeIcns(new Map([[32, renderSvg(svg, 32)]]));
    expect(decodeIcns(icns).map((e) => e.type)).toEqual(['icp5', 'ic11']);
    expect(() => encodeIcns(new Map([[32, renderSvg(svg, 16)]]))).toThrow(/needs a 32px PNG, got 16x16/);
  });

  it('reject bytes that are not a PNG, .ico or .icns', () => {
    expect(() => readPngSize(Buffer.from('GIF89a not a png at all....'))).toThrow(/not a PNG/);
    expect(() => decodeIco(Buffer.from('nope nope'))).toThrow(/not an .ico/);
    expect(() => decodeIcns(Buffer.from('nope nope'))).toThrow(/not an .icns/);
  });
});
