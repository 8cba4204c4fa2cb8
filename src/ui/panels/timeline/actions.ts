// What the timeline's controls do: zoom to a window of events, follow its width.
import type { Controller } from '../../controller/controller.ts';
import { addBookmark, type Bookmark } from './bookmarks.ts';
import { clampWindow, isWholeRun, type TimelineWindow } from './timelineModel.ts';

/** Zooms to events [from, to); null (or the whole run) shows all of it. */
export function setTimelineWindow(c: Controller, w: TimelineWindow | null): void {
  const total = c.run().info?.total;
  if (total === undefined) return;
  const next = w === null ? null : clampWindow(w, total);
  const win = next === null || isWholeRun(next, total) ? null : next;
  const cur = c.panel('timeline').window;
  if (win === cur || (win && cur && win.from === cur.from && win.to === cur.to)) return;
  c.patchPanel('timeline', { window: win });
}

/** The number of buckets the width holds (asks again when it changes). */
export function setTimelineBuckets(c: Controller, count: number): void {
  const n = Math.max(1, Math.floor(count));
  if (c.panel('timeline').count !== n) c.patchPanel('timeline', { count: n });
}

/** Bookmarks the cursor (named after its event until renamed). */
export function bookmarkCursor(c: Controller, name = ''): void {
  const cursor = c.run().cursor;
  c.patchPanel('timeline', { bookmarks: addBookmark(c.panel('timeline').bookmarks, cursor, name) });
}

export function setBookmarks(c: Controller, bookmarks: Bookmark[]): void {
  c.patchPanel('timeline', { bookmarks });
}

/** Moves the cursor to a bookmark, panning the window to it when it is outside. */
export function goToBookmark(c: Controller, event: number): void {
  const w = c.panel('timeline').window;
  const total = c.run().info?.total ?? 0;
  if (w && (event < w.from || event > w.to)) {
    const span = w.to - w.from;
    setTimelineWindow(c, { from: event - span / 2, to: event + span / 2 });
  }
  c.player.stop();
  c.cursor.seek(Math.min(event, total));
}
