// Opening a scenario the browser has run before: the engine answers at once with the kept run's
// summary and the view answers kept of it (persist/runCache.ts), and the worker records the run
// again once the page has drawn them (or at once when a view not kept is asked, which waits for
// it): recording meanwhile would take a core from the page's first render. Once recorded, every
// call goes to it. What is kept is asked of finished runs only, so a kept answer is the engine's.
import type { OpenResult, RunId, RunInfo, RunOverrides, ViewAnswer, ViewAnswers, ViewArgs, ViewName, ViewRequest } from '../worker/protocol.ts';
import type { Engine, OpenWatch } from './engine.ts';
import { ENTRY_MAX_BYTES, answerKey, runCacheKey, sizeOf, type CachedRun, type RunCache } from './persist/runCache.ts';

/** Answers kept are saved this long after the last one came (the first render asks a burst). */
export const SAVE_DELAY_MS = 400;
/** Views asked of a run while it was recorded are asked again once it is done (to keep them) this long after. */
export const REASK_DELAY_MS = 600;
/** At most this many of those. */
const REASK_MAX = 24;
/**
 * Views asked this long after a run is done (or drawn from the cache) are not kept: the first
 * render's are, not those of a session spent panning or scrubbing (each would cost a copy, and
 * the whole entry is written again on each save).
 */
export const KEEP_MS = 3000;
/** Answers of one view kept at most: a first render asks each view once or twice, a pan or a drag many times. */
export const KEEP_PER_VIEW = 4;

export interface RunCacheOptions {
  /** A run drawn from the cache is shown; `done` settles when the engine has recorded it again. */
  replaying?(info: RunInfo, done: Promise<void>): void;
  /** Runs `f` once the page has drawn what it asked first (default: whenSettled()). */
  afterDrawn?(f: () => void): void;
  saveMs?: number;
  reaskMs?: number;
  keepMs?: number;
}

/** A page idle this long without a break has drawn what it asked first. */
export const SETTLED_MS = 250;
/** The run kept is recorded again this long after it is shown at the latest. */
export const SETTLED_MAX_MS = 4000;

/**
 * Runs `f` once the page has been idle for SETTLED_MS (idle periods of whole frames, one after
 * another), or after SETTLED_MAX_MS. Without requestIdleCallback, after the current task.
 */
export function whenSettled(f: () => void): void {
  if (typeof requestIdleCallback !== 'function') {
    setTimeout(f, 0);
    return;
  }
  const start = performance.now();
  let idleSince = -1;
  const tick = (d: IdleDeadline) => {
    const now = performance.now();
    // an idle period of a whole frame (up to 50 ms) starts or continues a stretch; a shorter one ends it
    if (d.timeRemaining() >= 40) idleSince = idleSince < 0 ? now : idleSince;
    else idleSince = -1;
    if (d.didTimeout || (idleSince >= 0 && now + d.timeRemaining() - idleSince >= SETTLED_MS)) f();
    else requestIdleCallback(tick, { timeout: Math.max(1, SETTLED_MAX_MS - (now - start)) });
  };
  requestIdleCallback(tick, { timeout: SETTLED_MAX_MS });
}

/** Fresh runs whose answers are collected at most (the worker keeps a few runs too). */
const KEEPING_MAX = 8;

/** Answers collected for one run: kept under `key` (the whole entry is written again on each save). */
class Keeping {
  readonly answers: Map<string, unknown>;
  /** Estimated bytes of the entry, weighed with the first save (not on the first render's path). */
  private bytes: number | null = null;
  /** Answers to keep, weighed and copied when saved: the first render does not wait for it. */
  private pending: [string, unknown][] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly since = Date.now();
  private readonly perView = new Map<string, number>();

  constructor(
    private readonly cache: RunCache,
    readonly key: string,
    readonly info: RunInfo,
    private readonly from: readonly [string, unknown][],
    private readonly saveMs: number,
    private readonly keepMs: number,
  ) {
    this.answers = new Map(from);
    for (const [k] of from) {
      const view: unknown = (JSON.parse(k) as unknown[])[1];
      if (typeof view === 'string') this.perView.set(view, (this.perView.get(view) ?? 0) + 1);
    }
  }

  /** Views asked now are kept when answered (the first render's). */
  accepting(): boolean {
    return Date.now() - this.since <= this.keepMs;
  }

  /** Keeps a copy of an answer at the next save, unless kept already, one too many of its view or past the entry's bound. */
  add(k: string, view: string, v: unknown): void {
    if (this.answers.has(k) || this.pending.some(([p]) => p === k)) return;
    const n = this.perView.get(view) ?? 0;
    if (n >= KEEP_PER_VIEW) return;
    this.perView.set(view, n + 1);
    this.pending.push([k, v]);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
      void this.cache.put(this.entry());
    }, this.saveMs);
  }

  /** The pending answers weighed (each a copy when it fits). */
  private flush(): void {
    let bytes = this.bytes ?? sizeOf(this.info) + this.from.reduce((n, [k, v]) => n + 2 * k.length + sizeOf(v), 0);
    for (const [k, v] of this.pending) {
      const b = 2 * k.length + sizeOf(v);
      if (bytes + b > ENTRY_MAX_BYTES) continue;
      bytes += b;
      this.answers.set(k, structuredClone(v));
    }
    this.pending = [];
    this.bytes = bytes;
  }

  entry(): CachedRun {
    return { key: this.key, info: this.info, answers: [...this.answers] };
  }
}

/** A run shown from the cache, and the engine's recording of it once asked for. */
interface Replay {
  keep: Keeping;
  ticket: number;
  /** Asks the engine to record it (once); its id, null when it could not. */
  record: () => Promise<RunId | null>;
  /** record() was called. */
  asked: boolean;
  realId: RunId | null;
  closed: boolean;
}

/** A fresh run being recorded (the views asked of it meanwhile), then done. */
interface Fresh {
  keep: Keeping | null;
  /** Views asked while it was recorded, by answer key: asked again once it is done. */
  during: Map<string, { at: number; request: ViewRequest }>;
}

function clampAt(at: number, total: number): number | null {
  if (typeof at !== 'number' || Number.isNaN(at)) return null;
  return Math.max(0, Math.min(Math.floor(at), total));
}

/**
 * `inner` with a run cache in front. Kept runs have negative ids, the engine's are positive.
 * `build` names the app's build: a run kept by another build is not used.
 */
export function cachedEngine<E extends Engine>(inner: E, cache: RunCache, build: string, opts: RunCacheOptions = {}): E {
  const saveMs = opts.saveMs ?? SAVE_DELAY_MS;
  const reaskMs = opts.reaskMs ?? REASK_DELAY_MS;
  const keepMs = opts.keepMs ?? KEEP_MS;
  const afterDrawn = opts.afterDrawn ?? whenSettled;
  const replays = new Map<RunId, Replay>();
  const fresh = new Map<RunId, Fresh>();
  const cancelled = new Set<number>();
  let nextCached = 0;

  /** The engine's id of a run (a kept one once it is recorded again); errors as the engine's. */
  async function realOf(run: RunId): Promise<RunId> {
    const r = replays.get(run);
    if (!r) return run;
    if (r.realId !== null) return r.realId;
    const id = await r.record();
    if (id === null) throw new Error(`run ${run} was shown from this browser's cache and the engine could not record it again: open the scenario again`);
    return id;
  }

  function remember(run: RunId, f: Fresh): void {
    fresh.delete(run);
    fresh.set(run, f);
    // the oldest go: the worker has dropped them by now
    for (const old of fresh.keys()) {
      if (fresh.size <= KEEPING_MAX) break;
      fresh.delete(old);
    }
  }

  function keepingOf(run: RunId): Keeping | null {
    return replays.get(run)?.keep ?? fresh.get(run)?.keep ?? null;
  }

  /** Asks the engine and keeps the answers (of finished runs only). */
  async function askReal<R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R): Promise<ViewAnswers<R>> {
    const keeping = keepingOf(run);
    const keep = keeping?.accepting() ? keeping : null;
    const f = fresh.get(run);
    const id = await realOf(run);
    const answers = await inner.views(id, at, requests);
    const m = keep ? clampAt(at, keep.info.total) : null;
    if (keep && m !== null) requests.forEach((q, i) => keep.add(answerKey(m, q.name, q.args), q.name, answers[i]));
    else if (f && !f.keep && f.during.size < REASK_MAX) {
      // asked of a run still being recorded: asked again once it is done, to keep the finished answer
      for (const q of requests) f.during.set(JSON.stringify([at, q.name, q.args]), { at, request: q });
    }
    return answers;
  }

  function kept(run: RunId, at: number, requests: readonly ViewRequest[]): unknown[] | null {
    const r = replays.get(run);
    if (!r || r.realId !== null) return null;
    const m = clampAt(at, r.keep.info.total);
    if (m === null) return null;
    const out: unknown[] = [];
    for (const q of requests) {
      const k = answerKey(m, q.name, q.args);
      if (!r.keep.answers.has(k)) return null;
      // the page never changes an answer (nor transfers its buffers): the kept one itself, not a copy
      out.push(r.keep.answers.get(k));
    }
    return out;
  }

  /** Once a fresh run is done: the views asked of it while it was recorded, asked again to keep them. */
  function reask(run: RunId, f: Fresh): void {
    setTimeout(() => {
      const byAt = new Map<number, ViewRequest[]>();
      for (const { at, request } of f.during.values()) byAt.set(at, [...(byAt.get(at) ?? []), request]);
      f.during.clear();
      for (const [at, requests] of byAt) void askReal(run, at, requests).catch(() => {});
    }, reaskMs);
  }

  async function open(text: string, overrides?: RunOverrides, watch?: OpenWatch): Promise<OpenResult> {
    let key: string | null = null;
    try {
      key = await runCacheKey(build, text, overrides ?? {});
    } catch {
      // no WebCrypto (an insecure origin): nothing is kept
    }
    const hit = key === null ? null : await cache.get(key);
    const ticket = watch?.ticket ?? 0;
    if (key !== null && hit !== null) {
      const run = --nextCached;
      let real: Promise<RunId | null> | null = null;
      let recorded: () => void = () => {};
      const done = new Promise<void>((r) => (recorded = r));
      const record = () => {
        replay.asked = true;
        return (real ??= inner
          // progress keeps the engine's watchdog hearing from the worker; the page already shows the run
          .open(text, overrides, { ticket, onProgress: () => {} })
          .then(
            (res) => (res.ok ? res.run : null),
            () => null,
          )
          .then((id) => {
            replay.realId = id;
            if (id !== null && replay.closed) void inner.close(id).catch(() => {});
            recorded();
            return id;
          }));
      };
      const replay: Replay = { keep: new Keeping(cache, key, hit.info, hit.answers, saveMs, keepMs), ticket, record, asked: false, realId: null, closed: false };
      replays.set(run, replay);
      afterDrawn(() => {
        if (!replay.closed) void record();
        else recorded();
      });
      opts.replaying?.(hit.info, done);
      return { ok: true, run, info: hit.info };
    }
    let runId: RunId | null = null;
    const onProgress = watch?.onProgress;
    const res = await inner.open(text, overrides, {
      ticket,
      onProgress: (p) => {
        if (p.partial && runId === null) {
          runId = p.partial.run;
          remember(runId, { keep: null, during: new Map() });
        }
        onProgress?.(p);
      },
    });
    const wasCancelled = cancelled.delete(ticket);
    if (!res.ok) return res;
    const f = fresh.get(res.run) ?? { keep: null, during: new Map() };
    remember(res.run, f);
    // a run stopped early (cancelled, closed, an error on the way) is not kept
    if (key !== null && !wasCancelled && res.info.errors.length === 0) {
      f.keep = new Keeping(cache, key, res.info, [], saveMs, keepMs);
      if (f.during.size > 0) reask(res.run, f);
    } else fresh.delete(res.run);
    return res;
  }

  const api: Partial<Engine> = {
    open,
    cancel(ticket) {
      cancelled.add(ticket);
      return inner.cancel(ticket);
    },
    async close(run) {
      fresh.delete(run);
      const r = replays.get(run);
      if (!r) return inner.close(run);
      replays.delete(run);
      r.closed = true;
      if (r.realId !== null) return inner.close(r.realId);
      // never asked for: nothing to stop
      if (!r.asked) return;
      // nobody looks at it any more: the engine stops recording it (it is closed when it answers)
      return inner.cancel(r.ticket);
    },
    async view<N extends ViewName>(run: RunId, name: N, args: ViewArgs<N>, at: number): Promise<ViewAnswer<N>> {
      const q = { name, args } as ViewRequest;
      const k = kept(run, at, [q]);
      if (k !== null) return k[0] as ViewAnswer<N>;
      const [a] = await askReal(run, at, [q] as const);
      return a as ViewAnswer<N>;
    },
    async views<const R extends readonly ViewRequest[]>(run: RunId, at: number, requests: R): Promise<ViewAnswers<R>> {
      const k = kept(run, at, requests);
      if (k !== null) return k as ViewAnswers<R>;
      return askReal(run, at, requests);
    },
    async compare(a, b) {
      return inner.compare(await realOf(a), await realOf(b));
    },
    async query(run, sql, opts, onProgress) {
      return inner.query(await realOf(run), sql, opts, onProgress);
    },
  };
  // the inner engine's other calls (the worker's fault()) as they are
  return Object.assign(Object.create(inner) as E, api);
}
