// Names the byte under the mouse (or the one clicked): value, pattern, region and who wrote it.
import { useController, usePanel } from '../../context.ts';
import { pinByte } from './actions.ts';
import { byteInfo } from './byteInfo.ts';
import { asciiChar, hexByte } from './hexRows.ts';

export function ByteInspector() {
  const c = useController();
  const hex = usePanel('hex', (h) => h.answer);
  const hover = usePanel('hex', (h) => h.hover);
  const pinned = usePanel('hex', (h) => h.pinned);
  // the byte under the mouse, else the one kept by a click
  const i = hover ?? pinned;
  const b = hex && i !== null ? byteInfo(hex, i) : null;
  if (!b) return <div className="inspector muted" aria-label="Byte">Hover a byte to name it; click to keep it here.</div>;
  return (
    <div className="inspector" aria-label="Byte" aria-live="polite">
      <span className="addr">{b.addr}</span> <b>0x{hexByte(b.value)}</b> <span className="muted">'{asciiChar(b.value)}'</span>
      {b.pattern ? (
        <>
          {' · '}
          <b className="pattern">{b.pattern}</b>
          {b.meaning && <span className="muted"> — {b.meaning}</span>}
        </>
      ) : null}
      {b.region && <> · in <b>{b.region}</b></>}
      {' · '}
      {b.writer !== null && b.event !== null ? (
        <>
          written by <b>{b.writer}</b> at{' '}
          <button type="button" className="link" onClick={() => c.cursor.seekAfterEvent(b.event!)} title="Go to the moment right after this write">
            event {b.event}
          </button>
        </>
      ) : (
        <span className="muted">not written since boot</span>
      )}
      {pinned !== null && (
        <button type="button" className="link unpin" onClick={() => pinByte(c, null)}>
          unpin
        </button>
      )}
    </div>
  );
}
