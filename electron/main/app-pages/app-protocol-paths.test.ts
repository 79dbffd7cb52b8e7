import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveAppFile } from './app-protocol-paths.js';

const root = path.resolve('/srv/app/out/renderer');

describe('app:// path resolution', () => {
  it('maps app pages and assets under the renderer folder', () => {
    expect(resolveAppFile('app://rms/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://rms/index.html', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile('app://rms/assets/index-abc.js', root)).toBe(path.join(root, 'assets/index-abc.js'));
  });

  it('serves index.html for client-side routes', () => {
    expect(resolveAppFile('app://rms/account/two-factor', root)).toBe(path.join(root, 'index.html'));
  });

  it.each([
    'app://rms/../secret.txt',
    'app://rms/%2e%2e/%2e%2e/etc/passwd',
    'app://rms/assets/..%2F..%2Fmain%2Findex.js',
    'app://rms/assets%5C..%5C..%5Cmain.js',
    'app://rms/a%00.js',
    'app://other/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(url, root)).toBeNull();
  });

  it('names the content types the renderer needs', () => {
    expect(contentTypeFor('x.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('x.css')).toMatch(/^text\/css/);
    expect(contentTypeFor('x.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });
});
