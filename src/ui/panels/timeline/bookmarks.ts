// Bookmarks on the timeline: a named event the user keeps, in event order, and their compact
// share-link parameter ("120.after alloc*4031.oops": event, dot, name; `*` and `%` in a name are
// escaped as %2A and %25), chosen so the query string adds little to it.
import type { ShareCodec } from '../contract.ts';

export interface Bookmark {
  event: number;
  name: string;
}

export const MAX_BOOKMARKS = 64;
const MAX_NAME = 80;

/** The bookmarks with one more at `event` (named `name`, or after its event), replacing one at the same event. */
export function addBookmark(list: readonly Bookmark[], event: number, name = ''): Bookmark[] {
  const b = { event, name: name.trim().slice(0, MAX_NAME) || `event ${event}` };
  return [...list.filter((x) => x.event !== event), b].sort((x, y) => x.event - y.event).slice(0, MAX_BOOKMARKS);
}

export function renameBookmark(list: readonly Bookmark[], event: number, name: string): Bookmark[] {
  return list.map((b) => (b.event === event ? { event, name: name.trim().slice(0, MAX_NAME) || `event ${event}` } : b));
}

export function removeBookmark(list: readonly Bookmark[], event: number): Bookmark[] {
  return list.filter((b) => b.event !== event);
}

/** The share parameter `bm`; a text that is not a list of bookmarks decodes to null (the link's other parts still open). */
export const bookmarkParam: ShareCodec<Bookmark[]> = {
  key: 'bm',
  encode: (v) => (v.length === 0 ? null : v.map((b) => `${b.event}.${b.name.replace(/%/g, '%25').replace(/\*/g, '%2A')}`).join('*')),
  decode: (t) => {
    if (t.length > 20000) return null;
    const out: Bookmark[] = [];
    for (const part of t.split('*')) {
      const m = /^(\d{1,9})\.(.*)$/.exec(part);
      if (!m) return null;
      let name: string;
      try {
        name = decodeURIComponent(m[2]!);
      } catch {
        return null;
      }
      out.push({ event: Number(m[1]), name: name.slice(0, MAX_NAME) || `event ${m[1]}` });
    }
    return out.reduce<Bookmark[]>((l, b) => addBookmark(l, b.event, b.name), []);
  },
};
