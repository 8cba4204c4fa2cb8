// The share link after pressing Share, selectable in case the clipboard was refused.
import { useController, usePanel } from '../../context.ts';

export function SharePanel() {
  const c = useController();
  const url = usePanel('share', (s) => s.url);
  const hash = usePanel('share', (s) => s.hash);
  if (url === null) return null;
  return (
    <span className="share">
      <input aria-label="Share link" readOnly value={url} onFocus={(e) => e.target.select()} />
      {hash !== null && (
        <code className="share-hash" aria-label="State hash" title="State hash at this event: the same on every machine that opens the link">
          {hash}
        </code>
      )}
      <button type="button" aria-label="Close share link" onClick={() => c.address.closeShare()}>
        ×
      </button>
    </span>
  );
}
