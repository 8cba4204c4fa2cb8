// The paste box: a kernel log pasted (Ctrl+V) into a text area and imported.
import { useEffect, useRef, useState } from 'react';
import { useController } from '../context.ts';
import { useImport } from './useImport.ts';
import { thousands } from '../thousands.ts';

export function PasteDialog() {
  const c = useController();
  const open = useImport((s) => s.pasting);
  const [text, setText] = useState('');
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) area.current?.focus();
  }, [open]);
  if (!open) return null;
  const go = () => {
    const t = text;
    setText('');
    void c.imports.importText(t);
  };
  return (
    <div className="overlay imp-paste-back" onClick={() => c.imports.openPaste(false)}>
      <div
        className="imp-paste"
        role="dialog"
        aria-label="Paste a kernel log"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') c.imports.openPaste(false);
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && text.trim() !== '') go();
        }}
      >
        <h3>Paste a kernel log</h3>
        <p className="muted">dmesg, a journal, a mail or bug report quoting one, or ftrace output: the reports in it are found wherever they are (Ctrl+Enter imports).</p>
        <textarea ref={area} aria-label="Kernel log" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} placeholder="[   68.295951] ======================================================" />
        <div className="imp-paste-actions">
          <span className="muted">{text.length > 0 ? `${thousands(text.split('\n').length)} lines` : ''}</span>
          <button type="button" onClick={() => c.imports.openPaste(false)}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={text.trim() === ''} onClick={go}>
            Import
          </button>
        </div>
      </div>
    </div>
  );
}
