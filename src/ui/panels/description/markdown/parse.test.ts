import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from './parse.ts';

describe('parseInline', () => {
  it('reads code, strong, emphasis and links', () => {
    expect(parseInline('a `kfree()` **b** *c* [d](https://x.org)')).toEqual([
      { t: 'text', v: 'a ' },
      { t: 'code', v: 'kfree()' },
      { t: 'text', v: ' ' },
      { t: 'strong', c: [{ t: 'text', v: 'b' }] },
      { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'c' }] },
      { t: 'text', v: ' ' },
      { t: 'link', href: 'https://x.org', c: [{ t: 'text', v: 'd' }] },
    ]);
  });

  it('keeps underscores inside kernel identifiers', () => {
    expect(parseInline('CONFIG_SLUB_DEBUG_ON and kmem_cache_free')).toEqual([{ t: 'text', v: 'CONFIG_SLUB_DEBUG_ON and kmem_cache_free' }]);
  });

  it('drops unsafe link targets', () => {
    expect(parseInline('[x](javascript:alert(1))')[0]).toMatchObject({ t: 'link', href: null });
    expect(safeHref('data:text/html,<b>')).toBeNull();
    expect(safeHref('#top')).toBe('#top');
  });

  it('treats HTML as text', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([{ t: 'text', v: '<img src=x onerror=alert(1)>' }]);
  });
});

describe('parseMarkdown', () => {
  it('reads headings, paragraphs, lists, code blocks and quotes', () => {
    const md = ['# Title', '', 'One', 'two.', '', '- a', '- b', '  more', '', '1. x', '2. y', '', '```', 'slub_debug=FZP', '```', '', '> note', '', '---'].join('\n');
    expect(parseMarkdown(md)).toEqual([
      { t: 'h', level: 1, c: [{ t: 'text', v: 'Title' }] },
      { t: 'p', c: [{ t: 'text', v: 'One two.' }] },
      { t: 'ul', items: [[{ t: 'text', v: 'a' }], [{ t: 'text', v: 'b more' }]] },
      { t: 'ol', start: 1, items: [[{ t: 'text', v: 'x' }], [{ t: 'text', v: 'y' }]] },
      { t: 'pre', lang: '', v: 'slub_debug=FZP' },
      { t: 'quote', c: [{ t: 'p', c: [{ t: 'text', v: 'note' }] }] },
      { t: 'hr' },
    ]);
  });

  it('survives an unclosed code fence', () => {
    expect(parseMarkdown('```\nx')).toEqual([{ t: 'pre', lang: '', v: 'x' }]);
  });
});
