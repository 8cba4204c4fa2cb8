// Step, play and jump buttons, and where the cursor is.
import { useAppState, useController, useRun } from '../context.ts';
import { CurrentEvent } from './CurrentEvent.tsx';
import { EvidenceNav } from './EvidenceNav.tsx';
import { Icon } from './Icon.tsx';

export function Transport() {
  const c = useController();
  const cursor = useRun((r) => r.cursor);
  const total = useRun((r) => r.info?.total ?? 0);
  const playing = useAppState((s) => s.playing);
  const ready = useRun((r) => r.info !== null);
  return (
    <div className="transport" role="toolbar" aria-label="Transport">
      <button type="button" aria-label="Jump to start" title="Jump to start (Home)" disabled={!ready || cursor === 0} onClick={() => c.cursor.toStart()}>
        <Icon name="start" />
      </button>
      <button type="button" aria-label="Step back" title="Step back (←, Shift+← ten)" disabled={!ready || cursor === 0} onClick={() => c.cursor.step(-1)}>
        <Icon name="back" />
      </button>
      <button type="button" className="play" aria-label={playing ? 'Pause' : 'Play'} title="Play / pause (space)" disabled={!ready} onClick={() => c.player.toggle()}>
        <Icon name={playing ? 'pause' : 'play'} />
      </button>
      <button type="button" aria-label="Step forward" title="Step forward (→, Shift+→ ten)" disabled={!ready || cursor >= total} onClick={() => c.cursor.step(1)}>
        <Icon name="forward" />
      </button>
      <button type="button" aria-label="Jump to end" title="Jump to end (End)" disabled={!ready || cursor >= total} onClick={() => c.cursor.toEnd()}>
        <Icon name="end" />
      </button>
      <EvidenceNav />
      <span className="cursor" aria-label="Cursor" data-cursor={cursor}>
        event <b>{cursor}</b> / {total}
      </span>
      <CurrentEvent />
    </div>
  );
}
