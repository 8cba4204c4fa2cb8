// An imported circular-dependency report drawn by the Locks view's own graph: the chain's classes,
// the dependencies lockdep had recorded, and the new one it refused. Clicking a dependency shows
// the stack lockdep saved with it.
import { useCallback, useMemo, useState } from 'react';
import { LockGraph } from '../panels/locks/LockGraph.tsx';
import { buildLockScene, LABEL_PX, textWidth, type LockEdge, type LockScene } from '../panels/locks/lockGraphModel.ts';
import { useLockLayout } from '../panels/locks/useLockLayout.ts';
import type { ImportedFinding } from '../../worker/importProtocol.ts';
import { chainOf, lockGraphOf, siteOf } from './lockChain.ts';

const REFUSED = 'refused: closes the cycle';

/** The Locks view's scene, worded for a report instead of a run (no events to go to). */
export function importedScene(f: ImportedFinding): LockScene | null {
  const g = lockGraphOf(f);
  if (!g) return null;
  const scene = buildLockScene(g, g);
  const chain = chainOf(f);
  const newest = chain[0];
  return {
    ...scene,
    nodes: scene.nodes.map((n) => ({ ...n, sub: `{${n.cls.usage}}-{${n.cls.waitType}}${n.cls.lockType === 'lockdep_map' ? '' : ` ${n.cls.lockType}`}`, title: n.title.split('\n').slice(0, 4).join('\n') })),
    edges: scene.edges.map((e) => {
      if (!e.closing) return { ...e, title: [`${e.from} → ${e.to}`, `${e.to} taken at ${e.dep?.sites.next ?? '?'} while ${e.from} was held`, 'click for the stack lockdep saved'].join('\n') };
      const label = newest ? `${REFUSED} · ${siteOf(newest.frames)}` : REFUSED;
      return { ...e, label, title: `${e.from} → ${e.to}\nthe new dependency lockdep refused: it closes the cycle`, labelWidth: Math.max(textWidth(label, LABEL_PX), textWidth('CPU0', LABEL_PX)) + 8 };
    }),
  };
}

export function ImportLockGraph({ finding }: { finding: ImportedFinding }) {
  const scene = useMemo(() => importedScene(finding), [finding]);
  if (!scene) return <p className="muted empty">This report has no dependency chain to draw.</p>;
  return <Graph scene={scene} finding={finding} />;
}

function Graph({ scene, finding }: { scene: LockScene; finding: ImportedFinding }) {
  const laid = useLockLayout(scene);
  const chain = useMemo(() => chainOf(finding), [finding]);
  const [edge, setEdge] = useState<LockEdge | null>(null);
  const onEdge = useCallback((e: LockEdge) => setEdge(e), []);
  const frames = edge ? (edge.dep?.trace ?? chain[0]?.frames ?? []) : null;
  return (
    <div className="imp-locks">
      <div className="imp-graph">{laid ? <LockGraph scene={scene} layout={laid.layout} layoutKey={laid.key} onEdge={onEdge} onHover={() => {}} /> : <p className="muted empty">laying out…</p>}</div>
      <aside className="imp-side">
        {scene.scenario && (
          <div className="imp-scenario" aria-label="Possible unsafe locking scenario">
            <b>{scene.scenario.title}</b>
            <table>
              <thead>
                <tr>
                  <th>CPU0</th>
                  <th>CPU1</th>
                </tr>
              </thead>
              <tbody>
                {scene.scenario.rows.map((r, i) => (
                  <tr key={i}>
                    <td>{r.cpu === 'CPU0' ? r.text : ''}</td>
                    <td>{r.cpu === 'CPU1' ? r.text : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {edge && frames ? (
          <div className="imp-edge" aria-label="Dependency stack">
            <b>
              {edge.from} → {edge.to}
            </b>
            <ol className="imp-frames">
              {frames.map((fn, i) => (
                <li key={i}>{fn}</li>
              ))}
            </ol>
          </div>
        ) : (
          <p className="muted">Click a dependency for the stack lockdep saved with it.</p>
        )}
      </aside>
    </div>
  );
}
