// The Host of the real page: the address bar, the clipboard and the display's frames.
import type { Host } from './controller/addressBar.ts';
import { framePace } from './latestWins.ts';

export const browserHost: Host = {
  shareBase: () => `${location.origin}${location.pathname}`,
  replaceUrl: (url) => history.replaceState(null, '', url),
  currentUrl: () => location.href,
  copy: async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  },
  pace: framePace(
    (f) => requestAnimationFrame(() => f()),
    () => performance.now(),
  ),
};
