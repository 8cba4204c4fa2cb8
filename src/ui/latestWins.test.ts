import { describe, expect, it } from 'vitest';
import { framePace, LatestWins } from './latestWins.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LatestWins', () => {
  it('runs the first request and then only the latest of those queued meanwhile', async () => {
    const started: number[] = [];
    const gates = new Map<number, ReturnType<typeof deferred<number>>>();
    const applied: number[] = [];
    const q = new LatestWins<number, number>(
      (n) => {
        started.push(n);
        const d = deferred<number>();
        gates.set(n, d);
        return d.promise;
      },
      (_n, r) => applied.push(r),
      () => {},
    );
    q.request(1);
    q.request(2);
    q.request(3);
    q.request(4);
    expect(started).toEqual([1]);
    gates.get(1)!.resolve(10);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([1, 4]);
    gates.get(4)!.resolve(40);
    await q.idle();
    expect(applied).toEqual([10, 40]);
  });

  it('reports failures and keeps going', async () => {
    const errors: unknown[] = [];
    const applied: number[] = [];
    const q = new LatestWins<number, number>(
      async (n) => {
        if (n === 1) throw new Error('boom');
        return n;
      },
      (_a, r) => applied.push(r),
      (_a, e) => errors.push(e),
    );
    q.request(1);
    q.request(2);
    await q.idle();
    expect(errors).toHaveLength(1);
    expect(applied).toEqual([2]);
  });

  it('paced: what is asked while it waits for the frame goes as one request, the latest', async () => {
    const frames: (() => void)[] = [];
    let t = 0;
    const pace = framePace((f) => frames.push(f), () => t);
    const started: number[] = [];
    const applied: number[] = [];
    const q = new LatestWins<number, number>(
      async (n) => {
        started.push(n);
        return n * 10;
      },
      (_n, r) => applied.push(r),
      () => {},
      pace,
    );
    q.request(1);
    await q.idle();
    expect(started).toEqual([1]);
    // the same frame: the next start waits for the frame, and what comes meanwhile replaces it
    t = 5;
    q.request(2);
    q.request(3);
    await Promise.resolve();
    q.request(4);
    expect(started).toEqual([1]);
    expect(frames).toHaveLength(1);
    t = 17;
    frames.shift()!();
    await q.idle();
    expect(started).toEqual([1, 4]);
    expect(applied).toEqual([10, 40]);
    // a frame later: at once
    t = 40;
    q.request(5);
    await q.idle();
    expect(started).toEqual([1, 4, 5]);
    expect(frames).toHaveLength(0);
  });
});
