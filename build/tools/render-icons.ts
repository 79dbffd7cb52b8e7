/**
 * Renders every packaging icon from the one source image build/icon.svg:
 *   build/icons/<N>x<N>.png (Linux icon set, 16…1024), build/icon.png (1024),
 *   build/icon.ico (Windows, 16…256) and build/icon.icns (macOS, 16…1024).
 * The outputs are committed so packaging needs no renderer. Run: npm run icons
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { encodeIcns } from './icns-file.js';
import { encodeIco } from './ico-file.js';

/** The folder holding icon.svg and the generated icons. */
export const BUILD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Pixel sizes of the Linux PNG set in build/icons/. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** Pixel sizes packed into build/icon.ico. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** Pixel sizes packed into build/icon.icns. */
export const ICNS_SIZES = [16, 32, 64, 128, 256, 512, 1024] as const;

/** Renders an SVG document to a square PNG of the given size. */
export function renderSvg(svg: string, size: number): Buffer {
  if (!Number.isInteger(size) || size < 1) throw new Error(`icon size must be a positive integer, got ${size}`);
  const resvg = new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' });
  return Buffer.from(resvg.render().asPng());
}

/** Renders all icons from `svgPath` into `outDir`; returns the files written. */
export function renderIcons(svgPath: string, outDir: string): string[] {
  const svg = readFileSync(svgPath, 'utf8');
  const pngs = new Map<number, Buffer>(PNG_SIZES.map((size) => [size, renderSvg(svg, size)]));
  const written: string[] = [];
  const write = (file: string, bytes: Buffer): void => {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    written.push(file);
  };
  for (const [size, png] of pngs) write(join(outDir, 'icons', `${size}x${size}.png`), png);
  write(join(outDir, 'icon.png'), pngs.get(1024)!);
  write(join(outDir, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => pngs.get(size)!)));
  write(join(outDir, 'icon.icns'), encodeIcns(new Map(ICNS_SIZES.map((size) => [size, pngs.get(size)!]))));
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = renderIcons(join(BUILD_DIR, 'icon.svg'), BUILD_DIR);
  console.log(`rendered ${files.length} icon files from build/icon.svg`);
}
