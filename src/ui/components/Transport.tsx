// Step, play and jump buttons, and where the cursor is.
import { useAppState, useController } from '../context.ts';
import { CurrentEvent } from './CurrentEvent.tsx';
import { Icon } from './Icon.tsx';

export function Transport() {
  const c = useController();
  const cursor = useAppState((s) => s.cursor);
  const total = useAppState((s) => s.info?.total ?? 0);
  const playing = useAppState((s) => s.playing);
  const ready = useAppState((s) => s.info !== null);
  return (
    <div className="transport" role="toolbar" aria-label="Transport">
      <button type="button" aria-label="Jump to start" title="Jump to start (Home)" disabled={!ready || cursor === 0} onClick={() => c.toStart()}>
        <Icon name="start" />
      </button>
      <button type="button" aria-label="Step back" title="Step back (←, Shift+← ten)" disabled={!ready || cursor === 0} onClick={() => c.step(-1)}>
        <Icon name="back" />
      </button>
      <button type="button" className="play" aria-label={playing ? 'Pause' : 'Play'} title="Play / pause (space)" disabled={!ready} onClick={() => c.togglePlay()}>
        <Icon name={playing ? 'pause' : 'play'} />
      </button>
      <button type="button" aria-label="Step forward" title="Step forward (→, Shift+→ ten)" disabled={!ready || cursor >= total} onClick={() => c.step(1)}>
        <Icon name="forward" />
      </button>
      <button type="button" aria-label="Jump to end" title="Jump to end (End)" disabled={!ready || cursor >= total} onClick={() => c.toEnd()}>
        <Icon name="end" />
      </button>
      <span className="cursor" aria-label="Cursor" data-cursor={cursor}>
        event <b>{cursor}</b> / {total}
      </span>
      <CurrentEvent />
    </div>
  );
}
