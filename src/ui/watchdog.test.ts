import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenProgress, OpenResult } from '../worker/protocol.ts';
import type { OpenWatch, WorkerConnection, WorkerEngine } from './engine.ts';
import { EngineLostError, HANG_MS, watchedEngine, type EngineLoss } from './watchdog.ts';

/** A worker that answers only when told: each connection is one worker, crashable. */
class FakeWorkers {
  started: { crash: (m: string) => void; terminated: boolean; opens: { watch: OpenWatch | undefined; answer: (r: OpenResult) => void }[]; validates: number }[] = [];

  connect = (onCrash: (message: string) => void): WorkerConnection => {
    const w: FakeWorkers['started'][number] = { crash: onCrash, terminated: false, opens: [], validates: 0 };
    this.started.push(w);
    const never = <T,>() => new Promise<T>(() => {});
    const engine: WorkerEngine = {
      open: (_text, _o, watch) => new Promise<OpenResult>((answer) => w.opens.push({ watch, answer })),
      cancel: async () => {},
      fault: async () => {},
      validate: async () => {
        w.validates++;
        return [];
      },
      openLog: never,
      close: async () => {},
      view: never,
      views: never,
      compare: never,
      query: never,
    };
    return { engine, terminate: () => (w.terminated = true) };
  };
}

const RESULT: OpenResult = { ok: false, errors: [{ path: 'name', message: 'x' }] };

describe('watchedEngine', () => {
  let workers: FakeWorkers;
  let losses: EngineLoss[];
  beforeEach(() => {
    vi.useFakeTimers();
    workers = new FakeWorkers();
    losses = [];
  });
  afterEach(() => vi.useRealTimers());

  it('a crash fails the calls owed with EngineLostError, ends the worker and starts a new one that answers', async () => {
    const e = watchedEngine(workers.connect, (l) => losses.push(l));
    const open = e.open('{}', {}, { ticket: 1 });
    const caught = open.catch((x: unknown) => x);
    workers.started[0]!.crash('Uncaught Error: boom');
    const err = await caught;
    expect(err).toBeInstanceOf(EngineLostError);
    expect(String(err)).toContain('the engine crashed: Uncaught Error: boom; a new engine was started');
    expect(losses).toEqual([{ kind: 'crashed', detail: 'Uncaught Error: boom' }]);
    expect(workers.started).toHaveLength(2);
    expect(workers.started[0]!.terminated).toBe(true);
    expect(await e.validate('{}')).toEqual([]);
    expect(workers.started[1]!.validates).toBe(1);
    // the old worker's late reports change nothing
    workers.started[0]!.crash('again');
    expect(losses).toHaveLength(1);
    e.dispose();
  });

  it(`a worker that owes an answer and says nothing for ${HANG_MS / 1000} s is hung: ended and replaced`, async () => {
    const e = watchedEngine(workers.connect, (l) => losses.push(l));
    const caught = e.view(1, 'moment', {}, 0).catch((x: unknown) => x);
    await vi.advanceTimersByTimeAsync(HANG_MS - 1000);
    expect(losses).toEqual([]);
    await vi.advanceTimersByTimeAsync(1500);
    expect(losses).toEqual([{ kind: 'hung', detail: 'no answer and no progress for 10 s' }]);
    expect(await caught).toBeInstanceOf(EngineLostError);
    expect(workers.started).toHaveLength(2);
    expect(workers.started[0]!.terminated).toBe(true);
    e.dispose();
  });

  it('a long run that reports progress is alive, however long it takes; an idle worker is never hung', async () => {
    const e = watchedEngine(workers.connect, (l) => losses.push(l));
    await vi.advanceTimersByTimeAsync(HANG_MS * 3);
    const seen: OpenProgress[] = [];
    const open = e.open('{}', {}, { ticket: 3, onProgress: (p) => seen.push(p) });
    const w = workers.started[0]!.opens[0]!;
    expect(w.watch?.ticket).toBe(3);
    for (let i = 1; i <= 30; i++) {
      await vi.advanceTimersByTimeAsync(1000);
      w.watch?.onProgress?.({ events: i * 1000, step: 1, steps: 3 });
    }
    w.answer(RESULT);
    expect(await open).toEqual(RESULT);
    expect(seen).toHaveLength(30);
    expect(losses).toEqual([]);
    expect(workers.started).toHaveLength(1);
    e.dispose();
  });
});
