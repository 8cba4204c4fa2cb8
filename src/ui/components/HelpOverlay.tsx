// The list of keys (`?`): a modal dialog read from keyboard.ts's table, closed with Escape, a
// click outside, or its button; focus goes back where it was.
import { useEffect, useRef } from 'react';
import { KEYS } from '../keyboard.ts';

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => {
      if (d?.open) d.close();
      before?.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      className="help"
      aria-labelledby="help-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === dialog.current) onClose();
      }}
    >
      <h2 id="help-title">Keys</h2>
      <table>
        <tbody>
          {KEYS.map((k) => (
            <tr key={k.keys.join()}>
              <th scope="row">
                {k.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 && ' '}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </th>
              <td>{k.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Keys typed into fields and the editor stay there. Splitters between panels move with the arrow keys.</p>
      <button type="button" autoFocus onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
