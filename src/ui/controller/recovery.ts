// A lost engine (crashed or hung, then restarted): its runs went with it, so none is shown; the
// editor keeps the user's text and a notice says what happened, with the text one click from running again.
import type { AppStore } from '../store.ts';
import { emptySlot } from '../store.ts';
import type { EngineLoss } from '../watchdog.ts';
import type { Loader } from './loader.ts';
import type { Notices } from './notices.ts';
import type { Player } from './player.ts';

export const ENGINE_RESTARTED = 'Engine restarted';

export function engineLost(store: AppStore, notices: Notices, loader: Loader, player: Player, loss: EngineLoss): void {
  player.stop();
  const s = store.getState();
  const running = s.opening[0]?.label;
  store.setState({ runs: { a: emptySlot(), b: null }, compare: null, opening: [], layout: { ...s.layout, left: 'editor' } });
  const what = loss.kind === 'crashed' ? `The engine crashed: ${loss.detail}` : `The engine stopped answering (${loss.detail})`;
  notices.notify({
    level: 'error',
    title: ENGINE_RESTARTED,
    lines: [
      running === undefined ? `${what}.` : `${what} while running ${running}.`,
      'It was ended and a new engine started; the runs it held are gone. Your scenario text is kept in the editor.',
    ],
    action: { label: 'Run the editor text', run: () => void loader.runDraft() },
  });
}
