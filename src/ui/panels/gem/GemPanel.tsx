// The GEM view: every GEM shmem object at the cursor (Panfrost or VirtIO-GPU), the shrinker lists as the
// kernel would walk them (a ring that stops returning to its head is drawn broken, where it breaks), and
// the run's direct reclaims, shrinker scans and their evictions and purges on a lane (a click goes to the event).
import { ViewTabs } from '../../components/ViewTabs.tsx';
import { useController, usePanel, useRun } from '../../context.ts';
import { laneTicks, madvText, residencyText, ringSteps, tickHeight } from './gemModel.ts';
import type { GemAnswer, ShrinkerScanRow } from './slice.ts';
import './gem.css';

const LANE_W = 600;

function Objects({ gem }: { gem: GemAnswer }) {
  if (gem.objects.length === 0) return <p className="muted empty">No GEM object yet.</p>;
  return (
    <table className="gem-table" aria-label="GEM objects">
      <thead>
        <tr>
          <th scope="col">object</th>
          <th scope="col">address</th>
          <th scope="col" title="pages pinned by shmem->pages, unpinned in the shmem file's page cache, and in swap with their swp_entry_t slots">pages</th>
          <th scope="col">madv</th>
          <th scope="col">refcount</th>
          <th scope="col" title="shmem->pages_use_count / pages_pin_count (the v6 series)">pages use / pin</th>
          <th scope="col" title="shmem->vmap_use_count and the kernel address of the mapping (drm_gem_shmem_vmap())">vmap</th>
          <th scope="col" title="VirtIO-GPU: the host resource id, and whether the host still has the guest pages (attached) or not (detached)">host</th>
          <th scope="col">handle</th>
          <th scope="col">list</th>
        </tr>
      </thead>
      <tbody>
        {gem.objects.map((o) => (
          <tr key={`${o.name}@${o.addr}`} className={`gem-${o.state}`} data-state={o.state}>
            <th scope="row">{o.name}</th>
            <td className="mono">{o.addr}</td>
            <td>{residencyText(o)}</td>
            <td>{madvText(o)}</td>
            <td className="mono">{o.refcount === null ? '—' : o.refcount >= 0xc0000000 ? 'saturated' : o.refcount}</td>
            <td className="mono">{o.pagesUse === null ? '—' : `${o.pagesUse} / ${o.pins ?? '—'}`}</td>
            <td className="mono" title={o.vaddr ?? undefined}>{o.vmapUse === null ? '—' : o.vmapUse === 0 ? '0' : `${o.vmapUse} @ ${o.vaddr ?? '?'}`}</td>
            <td className="mono">{o.resourceId === null ? '—' : `res ${o.resourceId} ${o.detached ? 'detached' : 'attached'}`}</td>
            <td>{o.handle ? 'open' : 'closed'}</td>
            <td className="mono">{o.list ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Lists({ gem }: { gem: GemAnswer }) {
  return (
    <div className="gem-lists" aria-label="Shrinker lists">
      {gem.lists.map((l) => (
        <figure key={l.name} className={`gem-ring${l.broken ? ' broken' : ''}`} data-list={l.name} data-broken={l.broken ? 'yes' : 'no'}>
          <figcaption>
            <span className="mono">{l.name}</span> <span className="muted">{l.addr}</span> {l.broken ? <strong className="bad">broken: {l.broken.why}</strong> : <span className="muted">{l.nodes.length === 0 ? 'empty' : `${l.nodes.length} entries, back to the head`}</span>}
          </figcaption>
          <ol className="gem-nodes">
            {ringSteps(l).map((s, i) => (
              <li key={i} className={s.bad ? 'bad' : ''} title={s.why ?? s.addr}>
                <span className="gem-node">{s.label}</span>
                <span className="gem-arrow" aria-hidden="true">
                  {s.bad ? '↺' : '→'}
                </span>
              </li>
            ))}
            {!l.broken && <li className="gem-back muted">head</li>}
          </ol>
        </figure>
      ))}
    </div>
  );
}

function Lane({ scans }: { scans: readonly ShrinkerScanRow[] }) {
  const c = useController();
  const total = useRun((r) => r.info?.total ?? 0);
  const cursor = useRun((r) => r.cursor);
  if (scans.length === 0) return <p className="muted gem-lane-empty">No direct reclaim in this run.</p>;
  const ticks = laneTicks(scans, total, LANE_W);
  return (
    <div className="gem-lane" aria-label="Reclaim and shrinker scans">
      <span className="muted">reclaim</span>
      <svg width={LANE_W} height={16} role="img" aria-label={`${scans.length} reclaim events`}>
        <line x1={0} x2={LANE_W} y1={8} y2={8} className="gem-lane-axis" />
        <line x1={(cursor / Math.max(1, total)) * LANE_W} x2={(cursor / Math.max(1, total)) * LANE_W} y1={0} y2={16} className="gem-lane-cursor" />
        {ticks.map(({ x, scan }) => (
          <rect key={scan.event} x={x - 1} y={2 + (12 - tickHeight(scan.kind, 12)) / 2} width={3} height={tickHeight(scan.kind, 12)} className={`gem-tick ${scan.kind}`} onClick={() => c.cursor.seek(scan.event + 1)}>
            <title>{`event ${scan.event} (${scan.task}): ${scan.text}`}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}

export function GemPanel() {
  const now = usePanel('gem', (f) => f.now);
  const scans = usePanel('gem', (f) => f.scans);
  const cursor = useRun((r) => r.cursor);
  const gem = now?.gem ?? null;
  return (
    <section className={`panel gempanel${now && now.cursor !== cursor ? ' stale' : ''}`} aria-label="GEM objects" data-cursor={now?.cursor ?? ''}>
      <div className="hex-head">
        <ViewTabs />
        {gem && (
          <span className="muted gem-free">
            {gem.freePages} pages free · watermarks min {gem.watermarks.min} low {gem.watermarks.low} high {gem.watermarks.high}
          </span>
        )}
      </div>
      {scans && <Lane scans={scans} />}
      {gem === null ? (
        <p className="muted empty">…</p>
      ) : (
        <div className="gem-body">
          <Objects gem={gem} />
          <Lists gem={gem} />
        </div>
      )}
    </section>
  );
}
