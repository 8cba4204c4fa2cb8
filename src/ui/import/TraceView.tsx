// ftrace input imported: the trace events read (function_graph entries and exits, function
// tracer lines, kprobes) as a listing, and each profile as trace_stat prints it, sortable.
import { useState } from 'react';
import type { ImportedLog, Profile, TraceEvent } from '../../worker/importProtocol.ts';
import { sortProfile, usNumber, type SortKey } from '../panels/ftrace/ftraceModel.ts';
import { thousands } from '../thousands.ts';

/** Events listed at most: the listing is for reading, the profile sums them all. */
const LISTED = 2000;

function eventText(e: TraceEvent): string {
  const who = `${e.cpu !== undefined ? ` ${String(e.cpu).padStart(2)})` : ''}${e.task !== undefined ? ` ${e.task}${e.pid !== undefined ? `-${e.pid}` : ''}` : ''}`;
  const indent = '  '.repeat(Math.max(0, e.depth ?? 0));
  const dur = e.duration !== undefined ? `${usNumber(e.duration).padStart(10)} us |` : '             |';
  const ts = e.ts !== undefined ? `${e.ts.toFixed(6).padStart(14)} ` : '';
  let what: string;
  if (e.kind === 'entry') what = `${e.fn}() {`;
  else if (e.kind === 'exit') what = `} /* ${e.fn} */`;
  else if (e.kind === 'call') what = `${e.fn}();`;
  else if (e.kind === 'function') what = `${e.fn} <-${e.caller ?? '?'}`;
  else what = `${e.probe ?? e.kind}: ${e.fn}${e.args !== undefined ? ` ${e.args}` : ''}${e.errno !== undefined ? ` (${e.errno})` : ''}`;
  return `${ts}${who} ${dur} ${indent}${what}`;
}

function ProfileTable({ p }: { p: Profile }) {
  const [key, setKey] = useState<SortKey>('time');
  const cols: [SortKey, string][] = [
    ['fn', 'Function'],
    ['hits', 'Hit'],
    ['time', `Time (${p.unit})`],
    ['avg', 'Avg'],
  ];
  return (
    <div className="ft-profile imp-profile" aria-label={`Profile ${p.source}`}>
      <table>
        <thead>
          <tr>
            {cols.map(([k, label]) => (
              <th key={k} className={key === k ? 'sorted' : ''} style={k === 'fn' ? { textAlign: 'left' } : undefined}>
                <button type="button" className="link" onClick={() => setKey(k)}>
                  {label}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sortProfile(p.entries, key)
            .slice(0, 500)
            .map((e) => (
              <tr key={e.fn}>
                <td style={{ textAlign: 'left' }}>{e.fn}</td>
                <td style={{ textAlign: 'right' }}>{e.hits}</td>
                <td style={{ textAlign: 'right' }}>{usNumber(e.time)}</td>
                <td style={{ textAlign: 'right' }}>{usNumber(e.avg ?? (e.hits > 0 ? e.time / e.hits : 0))}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}

export function TraceView({ log }: { log: ImportedLog }) {
  const [pick, setPick] = useState(0);
  const p = log.profiles[Math.min(pick, log.profiles.length - 1)];
  return (
    <section className="imp-trace" aria-label="Imported trace">
      <div className="ft-listing imp-listing">
        <div className="imp-block-label">
          {thousands(log.stats.events)} trace events{log.events.length < log.stats.events ? ` (the first ${thousands(log.events.length)} kept)` : ''}
        </div>
        <pre>{log.events.slice(0, LISTED).map(eventText).join('\n')}</pre>
        {log.events.length > LISTED && <div className="muted">… {log.events.length - LISTED} more events kept, not listed</div>}
      </div>
      <div className="imp-profiles">
        {log.profiles.length > 1 && (
          <div className="tabs" role="tablist" aria-label="Profiles">
            {log.profiles.map((q, i) => (
              <button key={i} type="button" role="tab" aria-selected={q === p} className={q === p ? 'on' : ''} onClick={() => setPick(i)}>
                {q.source}
              </button>
            ))}
          </div>
        )}
        {p ? <ProfileTable p={p} /> : <p className="muted empty">No profile in this input.</p>}
      </div>
    </section>
  );
}
