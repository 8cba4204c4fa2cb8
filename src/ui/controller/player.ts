// Play: moves the cursor through the run in about PLAY_TICKS ticks, however long it is.
import type { AppStore } from '../store.ts';
import type { Cursor } from './cursor.ts';

const PLAY_TICKS = 250;
const PLAY_TICK_MS = 80;

export class Player {
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly store: AppStore,
    private readonly cursor: Cursor,
  ) {}

  toggle(): void {
    if (this.store.getState().playing) this.stop();
    else this.start();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.store.getState().playing) this.store.setState({ playing: false });
  }

  private start(): void {
    const info = this.store.getState().runs.a.info;
    if (!info || info.total === 0) return;
    if (this.store.getState().runs.a.cursor >= info.total) this.cursor.seek(0);
    const stride = Math.max(1, Math.round(info.total / PLAY_TICKS));
    this.store.setState({ playing: true });
    this.timer = setInterval(() => {
      const r = this.store.getState().runs.a;
      if (!r.info || r.cursor >= r.info.total) {
        this.stop();
        return;
      }
      this.cursor.seek(Math.min(r.info.total, r.cursor + stride));
    }, PLAY_TICK_MS);
  }
}
