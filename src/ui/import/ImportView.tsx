// The import view: an imported log shown as its own kind of run. Its findings listed (kind, title,
// line range) with the one chosen in detail, its ftrace events and profiles, and what the
// importer has to say about the input (binary, cut lines, invalid UTF-8, cancelled).
import { useState } from 'react';
import type { ImportedLog } from '../../worker/importProtocol.ts';
import { useController } from '../context.ts';
import { FindingDetail } from './FindingDetail.tsx';
import { importSummary } from './importControl.ts';
import { TraceView } from './TraceView.tsx';
import { useImport } from './useImport.ts';
import { thousands } from '../thousands.ts';

function FindingList({ log }: { log: ImportedLog }) {
  const c = useController();
  const selected = useImport((s) => s.selected);
  return (
    <ol className="imp-list" aria-label="Imported findings">
      {log.findings.map((f, i) => (
        <li key={i}>
          <button type="button" className={`imp-item${i === selected ? ' on' : ''}${f.duplicateOf !== undefined ? ' dup' : ''}`} aria-current={i === selected ? 'true' : undefined} onClick={() => c.imports.select(i)}>
            <span className="imp-kind">{f.kind}</span>
            <span className="imp-item-title">{f.title}</span>
            <span className="muted imp-range">
              lines {f.lines.first}–{f.lines.last}
              {f.duplicateOf !== undefined && ` · same as #${f.duplicateOf + 1}`}
              {f.truncated && f.truncated.length > 0 && ' · truncated'}
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}

function Built() {
  const built = useImport((s) => s.built);
  if (!built) return null;
  return (
    <div className="imp-built" aria-label="Generated scenario">
      Built <b>{built.name}</b> (reproduces <code>{built.reproduces}</code>); inferred, not in the report:
      <ul>{built.inferred.length > 0 ? built.inferred.map((x, i) => <li key={i}>{x}</li>) : <li>nothing</li>}</ul>
    </div>
  );
}

export function ImportView() {
  const c = useController();
  const log = useImport((s) => s.log);
  const selected = useImport((s) => s.selected);
  const keptId = useImport((s) => s.kept.find((k) => k.name === s.log?.file && k.size === s.log.total)?.id ?? null);
  const hasTrace = (log?.events.length ?? 0) > 0 || (log?.profiles.length ?? 0) > 0;
  const hasFindings = (log?.findings.length ?? 0) > 0;
  const [part, setPart] = useState<'findings' | 'trace'>('findings');
  if (!log) return null;
  const shown = hasFindings && (part === 'findings' || !hasTrace) ? 'findings' : hasTrace ? 'trace' : 'findings';
  return (
    <section className="panel imp-view" aria-label="Imported log">
      <header className="imp-head">
        <span className="imp-file" title={log.file}>
          Imported log: <b>{log.file}</b>
        </span>
        <span className="muted">
          {importSummary(log)} · {thousands(log.total)} bytes{log.cancelled ? ' · cancelled' : ''}
        </span>
        {hasFindings && hasTrace && (
          <span className="imp-parts" role="tablist">
            <button type="button" role="tab" aria-selected={shown === 'findings'} className={shown === 'findings' ? 'on' : ''} onClick={() => setPart('findings')}>
              Findings
            </button>
            <button type="button" role="tab" aria-selected={shown === 'trace'} className={shown === 'trace' ? 'on' : ''} onClick={() => setPart('trace')}>
              Trace and profile
            </button>
          </span>
        )}
        <span className="imp-actions">
          <button type="button" onClick={() => c.imports.hide()} title="The log as a run: its dmesg, findings and trace events on the timeline and in the panels (Imported log in the header comes back here)">
            Show as a run
          </button>
          {keptId !== null && (
            <button type="button" onClick={() => void c.imports.forget(keptId)} title="This log is kept in this browser (Kept logs in the header): forget it there">
              Remove from kept logs
            </button>
          )}
          <button type="button" onClick={() => c.imports.close()} title="Close this imported log">
            Close
          </button>
        </span>
      </header>
      {log.notices.length > 0 && (
        <ul className="imp-notices" aria-label="Import notices">
          {log.notices.map((n, i) => (
            <li key={i} className={`imp-notice ${n.level}`}>
              {n.message}
            </li>
          ))}
        </ul>
      )}
      <Built />
      {shown === 'findings' ? (
        hasFindings ? (
          <div className="imp-body">
            <FindingList log={log} />
            <FindingDetail log={log} index={selected} />
          </div>
        ) : (
          <p className="muted empty">No kernel report was recognised in this input.</p>
        )
      ) : (
        <TraceView log={log} />
      )}
    </section>
  );
}
