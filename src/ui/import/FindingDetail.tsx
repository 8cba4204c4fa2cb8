// One imported finding in detail: its call traces, its lock chain as a lock graph, its hex dumps
// with the patterns named, its registers with what their values most likely are, and the
// report's own lines.
import type { FieldValue, Frame, ImportedFinding, ImportedLog } from '../../worker/importProtocol.ts';
import { useController } from '../context.ts';
import { DumpView } from './DumpView.tsx';
import { canBuild, type DetailTab } from './importControl.ts';
import { ImportLockGraph } from './ImportLockGraph.tsx';
import { useImport } from './useImport.ts';

function frameText(f: Frame): string {
  let s = f.fn;
  if (f.off !== undefined) s += `+${f.off}${f.size !== undefined ? `/${f.size}` : ''}`;
  if (f.module !== undefined) s += ` [${f.module}]`;
  if (f.inline) s += ' [inline]';
  return f.unreliable ? `? ${s}` : s;
}

function Frames({ frames }: { frames: readonly Frame[] }) {
  return (
    <ol className="imp-frames">
      {frames.map((f, i) => (
        <li key={i} className={f.unreliable ? 'muted' : ''}>
          {frameText(f)}
          {f.src !== undefined && <span className="muted"> {f.src}</span>}
        </li>
      ))}
    </ol>
  );
}

function TraceTab({ f }: { f: ImportedFinding }) {
  const others = f.traces.filter((t) => t.frames !== f.trace);
  if (f.trace.length === 0 && f.traces.length === 0) return <p className="muted empty">This report has no call trace.</p>;
  return (
    <div className="imp-traces">
      {f.trace.length > 0 && (
        <section>
          <h4>Call trace{f.blame !== undefined && <span className="muted"> · blamed: {f.blame}</span>}</h4>
          <Frames frames={f.trace} />
        </section>
      )}
      {others.map((t, i) => (
        <section key={i}>
          <h4>{t.label}</h4>
          <Frames frames={t.frames} />
        </section>
      ))}
    </div>
  );
}

function registers(v: FieldValue | undefined): [string, string][] {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v as { readonly [k: string]: FieldValue }).map(([k, x]) => [k, String(x)]);
}

function RegistersTab({ f }: { f: ImportedFinding }) {
  const regs = registers(f.fields.registers);
  const notes = new Map(f.forensics.map((x) => [x.where, x]));
  return (
    <div className="imp-regs">
      {regs.length > 0 && (
        <table className="imp-table" aria-label="Registers">
          <thead>
            <tr>
              <th>register</th>
              <th>value</th>
              <th>most likely</th>
            </tr>
          </thead>
          <tbody>
            {regs.map(([k, v]) => {
              const n = notes.get(k);
              return (
                <tr key={k} className={n ? 'imp-noted' : ''}>
                  <td>{k}</td>
                  <td>
                    <code>{v}</code>
                  </td>
                  <td>{n ? `${n.note}${n.likely !== undefined ? ` (likely ${n.likely})` : ''}` : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {f.forensics.length > 0 && (
        <table className="imp-table" aria-label="Forensics">
          <thead>
            <tr>
              <th>where</th>
              <th>value</th>
              <th>what it most likely is</th>
            </tr>
          </thead>
          <tbody>
            {f.forensics.map((x, i) => (
              <tr key={i}>
                <td>{x.where}</td>
                <td>
                  <code>{x.value}</code>
                </td>
                <td>
                  {x.note}
                  {x.likely !== undefined && <> · likely {x.likely}</>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {regs.length === 0 && f.forensics.length === 0 && <p className="muted empty">No registers or telling values in this report.</p>}
    </div>
  );
}

function LinesTab({ log, index }: { log: ImportedLog; index: number }) {
  const raw = log.raw[index] ?? [];
  if (raw.length === 0) return <p className="muted empty">The report's lines were not kept (too many findings).</p>;
  return (
    <pre className="imp-lines" aria-label="Report lines">
      {raw.map((l, i) => (
        <div key={i}>
          <span className="imp-ln">{l.n}</span>
          {l.ts >= 0 && <span className="muted">[{l.ts.toFixed(6).padStart(12)}] </span>}
          {l.text}
        </div>
      ))}
      {log.rawCut.includes(index) && <div className="muted">… the report goes on; only its first {raw.length} lines are kept here</div>}
    </pre>
  );
}

const TABS: readonly [DetailTab, string][] = [
  ['trace', 'Call trace'],
  ['locks', 'Lock graph'],
  ['bytes', 'Hex dump'],
  ['registers', 'Registers'],
  ['lines', 'Lines'],
];

function offered(f: ImportedFinding, tab: DetailTab): boolean {
  if (tab === 'locks') return Array.isArray(f.fields.chain) && f.fields.chain.length >= 2;
  if (tab === 'bytes') return Array.isArray(f.fields.dumps) || Array.isArray(f.fields.shadow);
  if (tab === 'registers') return f.fields.registers !== undefined || f.forensics.length > 0;
  return true;
}

export function FindingDetail({ log, index }: { log: ImportedLog; index: number }) {
  const c = useController();
  const tab = useImport((s) => s.tab);
  const building = useImport((s) => s.building);
  const f = log.findings[index];
  if (!f) return null;
  const tabs = TABS.filter(([t]) => offered(f, t));
  const shown = tabs.some(([t]) => t === tab) ? tab : (tabs[0]?.[0] ?? 'lines');
  return (
    <section className="imp-detail" aria-label="Finding details">
      <header className="imp-detail-head">
        <div>
          <div className="imp-title">{f.title}</div>
          <div className="muted">
            <code>{f.kind}</code> · lines {f.lines.first}–{f.lines.last} · <span title="the kernel's first line of the report">{f.header}</span>
            {f.truncated && f.truncated.length > 0 && <span className="imp-warn"> · truncated ({f.truncated.join(', ')})</span>}
            {f.duplicateOf !== undefined && <span> · the same report as #{f.duplicateOf + 1}</span>}
          </div>
        </div>
        {canBuild(f) && (
          <button type="button" className="primary" disabled={building} onClick={() => void c.imports.build(index)} title="Build a scenario that reproduces this report, open it in the editor and run it">
            {building ? 'Building…' : 'Build scenario'}
          </button>
        )}
      </header>
      <div className="tabs" role="tablist" aria-label="Finding views">
        {tabs.map(([t, label]) => (
          <button key={t} type="button" role="tab" aria-selected={shown === t} className={shown === t ? 'on' : ''} onClick={() => c.imports.setTab(t)}>
            {label}
          </button>
        ))}
      </div>
      <div className="imp-tabbody" role="tabpanel">
        {shown === 'trace' && <TraceTab f={f} />}
        {shown === 'locks' && <ImportLockGraph finding={f} />}
        {shown === 'bytes' && <DumpView finding={f} />}
        {shown === 'registers' && <RegistersTab f={f} />}
        {shown === 'lines' && <LinesTab log={log} index={index} />}
      </div>
    </section>
  );
}
