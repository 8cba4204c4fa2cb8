// Share links: the scenario, the moment and the overrides (src/share/url.ts), and after them the
// panel fields that declare a share codec.
import { encodeShare } from '../../share/url.ts';
import { shareKeys, shareParams } from '../panels/slices.ts';
import type { RunSlot } from '../store.ts';

export function shareLink(base: string, r: RunSlot & { text: string }): string {
  const url = encodeShare(base, r.text, r.cursor, r.overrides);
  const params = shareParams(r.panels);
  return params.length === 0 ? url : `${url}&${new URLSearchParams(params).toString()}`;
}

/** The panel fields a page URL carries (the fragment wins over the query, as for the rest of the link). */
export function sharedParams(search: string, hash: string): Map<string, string> {
  const q = new URLSearchParams(search.replace(/^\?/, ''));
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  const out = new Map<string, string>();
  for (const key of shareKeys()) {
    const v = h.get(key) ?? q.get(key);
    if (v !== null) out.set(key, v);
  }
  return out;
}
