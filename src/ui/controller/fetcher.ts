// Asks the worker for what the panels on screen show. At every change of the state it compares
// what they want with what it asked last: the views wanted at the cursor go with the moment in
// one round trip, coalesced while scrubbing (only the latest waits); views of the whole run are
// asked per panel when they change. Paced, no more than one round trip starts per display frame.
// Answers for a run no longer shown are dropped.
import { ask, type Moment, type RunId, type ViewAnswer, type ViewArgs, type ViewName, type ViewRequest } from '../../worker/protocol.ts';
import type { Engine } from '../engine.ts';
import { LatestWins, type Pace } from '../latestWins.ts';
import type { AnswerContext, AskContext } from '../panels/contract.ts';
import { DEFS, type PanelPatch } from '../panels/defs.ts';
import type { PanelId, PanelSlices } from '../panels/index.ts';
import { onScreen } from '../panels/placement.ts';
import { applyPatch } from '../panels/slices.ts';
import type { AppState, AppStore } from '../store.ts';

type Kind = 'atCursor' | 'ofRun';

interface Part {
  id: PanelId;
  requests: readonly ViewRequest[];
}

interface Batch {
  run: RunId;
  at: number;
  parts: Part[];
}

function requestsOf<K extends PanelId>(id: K, kind: Kind, panels: PanelSlices, ctx: AskContext): readonly ViewRequest[] | null {
  const q = DEFS[id][kind];
  return q ? q.requests(panels[id], ctx) : null;
}

function receiveInto<K extends PanelId>(id: K, kind: Kind, panels: PanelSlices, answers: readonly unknown[], asked: readonly ViewRequest[], ctx: AnswerContext, patch: PanelPatch): void {
  const q = DEFS[id][kind];
  const p = q?.receive(panels[id], answers, asked, ctx);
  if (p && Object.keys(p).length > 0) patch[id] = p;
}

export class ViewFetcher {
  private readonly atCursor: LatestWins<Batch, [Moment, ...unknown[]]>;
  private readonly ofRun = new Map<PanelId, LatestWins<Batch, unknown[]>>();
  /** What was asked last, as text: asked again only when it changes. */
  private cursorKey = '';
  private readonly runKeys = new Map<PanelId, string>();

  constructor(
    private readonly store: AppStore,
    private readonly engine: Engine,
    private readonly onError: (e: unknown) => void,
    /** Shared by every queue: at most one round trip starts per display frame, whichever panel asks. */
    private readonly pace: Pace | null = null,
  ) {
    this.atCursor = new LatestWins<Batch, [Moment, ...unknown[]]>(
      (b) => engine.views(b.run, b.at, [ask('moment', {}), ...b.parts.flatMap((p) => p.requests)]),
      (b, [moment, ...answers]) => this.arrived(b, 'atCursor', answers, moment),
      (b, e) => this.failed(b, e),
      pace,
    );
    store.subscribe((s) => this.sync(s));
    this.sync(store.getState());
  }

  /** One view of a run, outside the panels' batches (dmesg streams its lines). */
  view<N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number): Promise<ViewAnswer<N>> {
    return this.engine.view(run, name, args, at);
  }

  /** Resolves when nothing is asked or waiting, including what answers made the panels ask next. */
  async settled(): Promise<void> {
    const queues = () => [this.atCursor, ...this.ofRun.values()];
    while (queues().some((q) => q.busy)) await Promise.all(queues().map((q) => q.idle()));
  }

  private sync(s: AppState): void {
    const r = s.runs.a;
    if (r.id === null || !r.info) return;
    const ids = onScreen(s.layout, r.info);
    const ctx: AskContext = { info: r.info, cursor: r.cursor };
    const parts: Part[] = [];
    for (const id of ids) {
      const requests = requestsOf(id, 'atCursor', r.panels, ctx);
      if (requests) parts.push({ id, requests });
    }
    const key = JSON.stringify([r.id, r.cursor, parts]);
    if (key !== this.cursorKey) {
      this.cursorKey = key;
      this.atCursor.request({ run: r.id, at: r.cursor, parts });
    }
    for (const id of ids) {
      const requests = requestsOf(id, 'ofRun', r.panels, ctx);
      if (!requests) continue;
      // a run shown while it is recorded grows: what is asked of the whole run is asked again
      // each time it grew by about a fifth (each answer scans it), and once it is done
      const grown = r.recording === true ? -Math.round(Math.log2(r.info.total + 1) * 4) : r.info.total;
      const k = JSON.stringify([r.id, grown, requests]);
      if (k === this.runKeys.get(id)) continue;
      this.runKeys.set(id, k);
      if (requests.length > 0) this.runQueue(id).request({ run: r.id, at: r.info.total, parts: [{ id, requests }] });
    }
  }

  private runQueue(id: PanelId): LatestWins<Batch, unknown[]> {
    let q = this.ofRun.get(id);
    if (!q) {
      q = new LatestWins<Batch, unknown[]>(
        (b) => this.engine.views(b.run, b.at, b.parts.flatMap((p) => p.requests)),
        (b, answers) => this.arrived(b, 'ofRun', answers, null),
        (b, e) => this.failed(b, e),
        this.pace,
      );
      this.ofRun.set(id, q);
    }
    return q;
  }

  private arrived(b: Batch, kind: Kind, answers: readonly unknown[], moment: Moment | null): void {
    const s = this.store.getState();
    const r = s.runs.a;
    if (r.id !== b.run || !r.info) return;
    const ctx: AnswerContext = { info: r.info, at: b.at, moment: moment ?? r.moment };
    const patch: PanelPatch = {};
    let i = 0;
    for (const part of b.parts) {
      receiveInto(part.id, kind, r.panels, answers.slice(i, i + part.requests.length), part.requests, ctx, patch);
      i += part.requests.length;
    }
    this.store.setState({ runs: { ...s.runs, a: { ...r, ...(moment ? { moment } : {}), panels: applyPatch(r.panels, patch) } } });
  }

  private failed(b: Batch, e: unknown): void {
    // a run replaced meanwhile is closed in the worker: its errors are not news
    if (this.store.getState().runs.a.id === b.run) this.onError(e);
  }
}
