// The Locks view: lockdep's class graph at the cursor (laid out once per run from its final
// graph, what comes later dimmed), lockdep's CPU0/CPU1 scenario, and the tasks with the
// locks they hold. A click on a dependency goes to the event that recorded it.
import { useCallback, useMemo, useState } from 'react';
import type { TaskView } from '../../../worker/protocol.ts';
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import { LockGraph, type LockHover } from './LockGraph.tsx';
import { buildLockScene, type LockEdge, type LockScene } from './lockGraphModel.ts';
import { useLockLayout } from './useLockLayout.ts';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Summary({ scene }: { scene: LockScene }) {
  return (
    <div className="lock-summary" aria-label="Lock graph summary">
      {plural(scene.classes, 'class', 'classes')} · {plural(scene.dependencies, 'dependency', 'dependencies')}
      {scene.cycle && (
        <span className="lk-cycle" title={`the circular dependency reported at event ${scene.cycle.event}`}>
          {' '}
          · cycle of {scene.cycle.classes.length}
        </span>
      )}
      {!scene.debugLocks && (
        <span className="badge" title="lockdep reports once, then turns itself off (debug_locks_off()): later dependencies are not recorded">
          lockdep off
        </span>
      )}
    </div>
  );
}

function Scenario({ scene }: { scene: LockScene }) {
  const s = scene.scenario;
  if (!s) return null;
  return (
    <div className="lock-scenario" aria-label="Locking scenario">
      <h3>{s.title}</h3>
      <ol className="sc-rows">
        {s.rows.map((r, i) => (
          <li key={i} className={r.cpu === 'CPU0' ? 'cpu0' : 'cpu1'} data-cpu={r.cpu}>
            <span className="sc-cpu">{r.cpu}</span>
            <code>{r.text}</code>
          </li>
        ))}
      </ol>
      <div className="deadlock">*** DEADLOCK ***</div>
    </div>
  );
}

function idle(t: TaskView): boolean {
  return t.locks.length === 0 && t.lockdepDepth === 0 && !t.irqsDisabled && !t.hardirq && !t.softirq && t.rcuDepth === 0 && t.preemptDepth === 0 && t.softirqDisableDepth === 0;
}

function HeldLocks({ tasks, stale }: { tasks: readonly TaskView[] | null; stale: boolean }) {
  return (
    <div className={`held${stale ? ' stale' : ''}`}>
      <h3>Tasks at the cursor</h3>
      {tasks === null ? (
        <p className="muted">…</p>
      ) : tasks.length === 0 ? (
        <p className="muted">no tasks yet</p>
      ) : (
        <ul className="tasks" aria-label="Held locks">
          {tasks.map((t) => (
            <li key={`${t.pid}:${t.task}`} className={idle(t) ? 'idle' : ''} data-task={t.task}>
              <div className="thead">
                <b>{t.comm}</b> <span className="muted">{t.pid}</span> <span className="muted">cpu{t.cpu}</span>
                {t.hardirq && <span className="ctx">hardirq</span>}
                {t.softirq && <span className="ctx">softirq</span>}
              </div>
              <div className="tstate">
                <span title="preempt_count()">
                  pc <code className={t.preemptCount === '0x00000000' ? '' : 'hot'}>{t.preemptCount}</code>
                </span>
                <span className={t.irqsDisabled ? 'hot' : ''}>irqs {t.irqsDisabled ? 'off' : 'on'}</span>
                <span className={t.rcuDepth !== 0 ? 'hot' : ''} title="rcu_read_lock() nesting">
                  rcu {t.rcuDepth}
                </span>
                {t.lockdepDepth !== t.locks.length && <span title="lockdep's held_locks[] depth; it stops following once lockdep is off">lockdep depth {t.lockdepDepth}</span>}
              </div>
              {t.locks.length > 0 && (
                <ol className="hl">
                  {t.locks.map((l, i) => (
                    <li key={i} title={`${l.lock} (${l.type}, ${l.mode}) at ${l.addr}`}>
                      <span className="hl-class">{l.class}</span>
                      {l.mode === 'read' && <span className="muted"> read</span>} <span className="muted">at</span> <code>{l.at}</code>
                    </li>
                  ))}
                </ol>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Inspector({ scene, hover }: { scene: LockScene; hover: LockHover | null }) {
  if (hover?.kind === 'node') {
    const n = scene.nodes.find((x) => x.id === hover.id);
    if (n) {
      const cl = n.cls;
      return (
        <div className="inspector" aria-label="Lock details">
          <b className="mono">{cl.name}</b>
          <code>
            {'{'}
            {cl.usage}
            {'}'}-{'{'}
            {cl.waitType}
            {'}'}
          </code>{' '}
          {cl.lockType} · <span className="muted">usage</span> {cl.usageStates.length > 0 ? cl.usageStates.join(', ') : 'none yet'} · <span className="muted">{n.present ? 'registered at' : 'registered later, at'}</span> event {cl.event}
        </div>
      );
    }
  }
  if (hover?.kind === 'edge') {
    const e = scene.edges.find((x) => x.id === hover.id);
    if (e) {
      return (
        <div className="inspector" aria-label="Lock details">
          <b className="mono">
            {e.from} → {e.to}
          </b>{' '}
          {e.dep ? (
            <>
              <span className="muted">{e.dep.deps.join(' ')}</span> · {e.from} <span className="muted">at</span> <code>{e.dep.sites.prev}</code>, {e.to} <span className="muted">at</span> <code>{e.dep.sites.next}</code> · <span className="muted">{e.present ? 'recorded at' : 'recorded later, at'}</span> event {e.event}
            </>
          ) : (
            <>
              · the new dependency lockdep refused, closing the cycle · <span className="muted">reported at</span> event {e.event}
            </>
          )}{' '}
          <span className="muted">(click to go there)</span>
        </div>
      );
    }
  }
  return (
    <div className="inspector muted" aria-label="Lock details">
      Hover a class for its usage, a dependency for where both locks were taken; click a dependency to go to the event that recorded it.
    </div>
  );
}

function Legend() {
  return (
    <div className="legend lock-legend" aria-label="Legend">
      <span className="lg irq-lg safe" title="IN-HARDIRQ / IN-SOFTIRQ: taken in that interrupt context">
        *IRQ-safe: taken in the irq
      </span>
      <span className="lg irq-lg unsafe" title="HARDIRQ-ON / SOFTIRQ-ON: taken with that interrupt enabled">
        *IRQ-unsafe: taken with it on
      </span>
      <span className="lg irq-lg both">both</span>
      <span className="lg lk-cycle">cycle</span>
      <span className="lg lk-inv">safe → unsafe</span>
      <span className="lg lk-later">later in the run</span>
    </div>
  );
}

export function LocksPanel() {
  const c = useController();
  const skeleton = usePanel('locks', (l) => l.skeleton);
  const locks = usePanel('locks', (l) => l.now);
  const cursor = useRun((r) => r.cursor);
  const now = locks?.graph ?? null;
  const scene = useMemo(() => buildLockScene(skeleton, now), [skeleton, now]);
  const laid = useLockLayout(scene);
  const [hover, setHover] = useState<LockHover | null>(null);
  const onEdge = useCallback((e: LockEdge) => c.cursor.seekAfterEvent(e.event), [c]);
  const stale = locks === null || locks.cursor !== cursor;
  return (
    <section className="panel lockpanel" aria-label="Locks" data-cursor={locks?.cursor ?? ''}>
      <div className="hex-head lock-head">
        <ViewTabs />
        <Summary scene={scene} />
      </div>
      <div className="lock-body">
        {scene.nodes.length === 0 ? (
          <p className="muted empty">No lock classes in this run.</p>
        ) : now && laid ? (
          <LockGraph scene={scene} layout={laid.layout} layoutKey={laid.key} onEdge={onEdge} onHover={setHover} />
        ) : (
          <p className="muted empty">{now ? `laying out ${plural(scene.nodes.length, 'class', 'classes')}…` : '…'}</p>
        )}
        <aside className="lock-side">
          <Scenario scene={scene} />
          <HeldLocks tasks={locks?.tasks ?? null} stale={stale} />
        </aside>
      </div>
      <Inspector scene={scene} hover={hover} />
      <Legend />
    </section>
  );
}
