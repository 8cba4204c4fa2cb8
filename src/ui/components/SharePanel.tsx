// The share link after pressing Share, selectable in case the clipboard was refused.
import { useAppState, useController } from '../context.ts';

export function SharePanel() {
  const c = useController();
  const url = useAppState((s) => s.shareUrl);
  const hash = useAppState((s) => s.shareHash);
  if (url === null) return null;
  return (
    <span className="share">
      <input aria-label="Share link" readOnly value={url} onFocus={(e) => e.target.select()} />
      {hash !== null && (
        <code className="share-hash" aria-label="State hash" title="State hash at this event: the same on every machine that opens the link">
          {hash}
        </code>
      )}
      <button type="button" aria-label="Close share link" onClick={() => c.closeShare()}>
        ×
      </button>
    </span>
  );
}
