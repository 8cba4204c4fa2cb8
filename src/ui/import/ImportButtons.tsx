// The header's import controls: pick a log file, paste one, and go back to the log imported last.
import { useRef } from 'react';
import { useController } from '../context.ts';
import { openDroppedFile } from '../fileDrop.ts';
import { useImport } from './useImport.ts';
import './import.css';

export function ImportButtons() {
  const c = useController();
  const input = useRef<HTMLInputElement>(null);
  const imported = useImport((s) => (s.log ? s.log.file : null));
  const shown = useImport((s) => s.shown);
  const kept = useImport((s) => s.kept);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title="Import a kernel log (dmesg, journal, a saved bug report, ftrace output) or open a scenario; or drop the file on the page">
        Import log…
      </button>
      <input
        ref={input}
        type="file"
        aria-label="Log file"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void openDroppedFile(c, f);
        }}
      />
      <button type="button" onClick={() => c.imports.openPaste(true)} title="Paste a kernel log to import">
        Paste log…
      </button>
      {kept.length > 0 && (
        <select
          aria-label="Kept logs"
          value=""
          onChange={(e) => {
            if (e.target.value) void c.imports.openKept(e.target.value);
          }}
          title="Logs imported before, kept in this browser: import one again"
        >
          <option value="">kept logs…</option>
          {kept.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name} ({k.findings} finding{k.findings === 1 ? '' : 's'})
            </option>
          ))}
        </select>
      )}
      {imported !== null && !shown && (
        <button type="button" onClick={() => c.imports.reveal()} title={`Show the imported log ${imported}`}>
          Imported log
        </button>
      )}
    </>
  );
}
