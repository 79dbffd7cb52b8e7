import { describe, expect, it, vi } from 'vitest';
import { whenParsed } from './when-parsed';

/** A document whose parser is still running until `parsed()` is called. */
function loadingDocument() {
  const target = new EventTarget();
  const doc = {
    readyState: 'loading' as DocumentReadyState,
    addEventListener: target.addEventListener.bind(target),
  };
  const parsed = () => {
    doc.readyState = 'interactive';
    target.dispatchEvent(new Event('DOMContentLoaded'));
  };
  return { doc: doc as unknown as Pick<Document, 'readyState' | 'addEventListener'>, parsed };
}

describe('whenParsed (the entry mounts the app once #app exists)', () => {
  it('waits for DOMContentLoaded while the page is still being parsed, and runs once', () => {
    const { doc, parsed } = loadingDocument();
    const work = vi.fn();
    whenParsed(doc, work);
    expect(work).not.toHaveBeenCalled();
    parsed();
    expect(work).toHaveBeenCalledTimes(1);
    parsed();
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs at once when the page is parsed', () => {
    const work = vi.fn();
    whenParsed(document, work);
    expect(document.readyState).not.toBe('loading');
    expect(work).toHaveBeenCalledTimes(1);
  });
});
