import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from './url.ts';

describe('share URLs', () => {
  it('round-trips scenario text, event and overrides', () => {
    const text = JSON.stringify({ format: 'kernscope/1', name: 'x', steps: [{ op: 'mark', label: 'ünïcode ✓' }] });
    const u = new URL(encodeShare('http://h/app/#old', text, 42, { cmdline: 'slub_debug=P', patches: { p: true } }));
    expect(u.pathname).toBe('/app/');
    const d = decodeShare(u.search, u.hash);
    expect(d).toEqual({ ok: true, state: { text, bundled: null, at: 42, overrides: { cmdline: 'slub_debug=P', patches: { p: true } } } });
  });

  it('reads bundled names from the query string', () => {
    expect(decodeShare('?scenario=slub-double-free&at=3', '')).toEqual({ ok: true, state: { text: null, bundled: 'slub-double-free', at: 3, overrides: {} } });
  });

  it('explains what is wrong with a broken link instead of throwing', () => {
    const good = new URL(encodeShare('http://h/', '{"a":1}', 1));
    const cut = good.hash.replace(/s=([^&]{10})[^&]*/, 's=$1');
    const r1 = decodeShare('', cut);
    expect(r1.ok).toBe(false);
    expect(decodeShare('', '#s=%%%')).toMatchObject({ ok: false });
    expect(decodeShare('', '#at=-4')).toEqual({ ok: false, error: 'the event in the link ("at=-4") is not a non-negative integer' });
    expect(decodeShare('', '#v=9')).toMatchObject({ ok: false, error: expect.stringContaining('version "9"') });
    expect(decodeShare('', '#o=abc')).toMatchObject({ ok: false });
  });
});
