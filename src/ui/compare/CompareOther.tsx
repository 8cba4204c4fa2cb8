// "Compare with…" another run, not the scenario shown again: an imported log (kept in this browser,
// or a file) beside the run shown, or a bundled scenario beside an imported log. What both have is
// compared: dmesg line by line, findings only in one, function profiles.
import { useRef, useState } from 'react';
import { useAppState, useController, useLoading, useRun } from '../context.ts';
import { useImport } from '../import/useImport.ts';

export function CompareOther({ open = false }: { open?: boolean }) {
  const c = useController();
  const imported = useRun((r) => r.info?.imported !== undefined);
  const kept = useImport((s) => s.kept);
  const busy = useImport((s) => s.importing !== null);
  const opening = useAppState((s) => s.compare?.status === 'opening');
  const loading = useLoading();
  const [log, setLog] = useState('');
  const [scenario, setScenario] = useState('');
  const file = useRef<HTMLInputElement>(null);
  const off = loading || opening || busy;
  const bundled = c.bundled.find((b) => b.name === scenario);
  return (
    <details className="compare-form compare-other" open={open}>
      <summary>{imported ? 'Compare with…' : 'Compare with an imported log…'}</summary>
      <p className="muted small">{imported ? 'Another imported log, or a scenario, beside this log: dmesg, findings and function profiles compared.' : 'A real kernel log beside this run: dmesg, findings and function profiles compared.'}</p>
      <div className="row">
        <select aria-label="Kept log to compare" value={log} onChange={(e) => setLog(e.target.value)} disabled={kept.length === 0}>
          <option value="">{kept.length === 0 ? 'no kept logs yet' : 'a kept log…'}</option>
          {kept.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
        <button type="button" className="primary" disabled={off || log === ''} onClick={() => void c.imports.compareWith({ kept: log })}>
          Compare
        </button>
      </div>
      <div className="row">
        <button type="button" disabled={off} onClick={() => file.current?.click()}>
          A log file…
        </button>
        <input
          ref={file}
          type="file"
          aria-label="Log file to compare"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void c.imports.compareWith({ blob: f, name: f.name });
          }}
        />
      </div>
      {imported && (
        <div className="row">
          <select aria-label="Scenario to compare" value={scenario} onChange={(e) => setScenario(e.target.value)}>
            <option value="">a bundled scenario…</option>
            {c.bundled.map((b) => (
              <option key={b.name} value={b.name}>
                {b.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={off || !bundled} onClick={() => bundled && void c.compare.compareScenario(bundled.name, bundled.text)}>
            Run beside
          </button>
        </div>
      )}
    </details>
  );
}
