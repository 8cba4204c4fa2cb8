import { describe, expect, it } from 'vitest';
import { Clock } from './clock.ts';
import { Recorder, eventKind } from './recorder.ts';
import { Rng } from './rng.ts';
import { Timeline, type Runnable } from './timeline.ts';

const EV_TOY = eventKind('test.toy');

/** A toy machine: each step emits 1..3 events, each event adds a random value to one of 8 cells. */
class Toy implements Runnable<{ cells: number[]; step: number; rng: ReturnType<Rng['snapshot']> }> {
  cells = new Array<number>(8).fill(0);
  step = 0;
  rng = new Rng(7);
  constructor(
    private readonly rec: Recorder,
    private readonly steps: number,
  ) {}
  runStep(): boolean {
    if (this.step >= this.steps) return false;
    this.step++;
    const n = 1 + this.rng.below(3);
    for (let i = 0; i < n; i++) {
      this.rec.emit(EV_TOY);
      const c = this.rng.below(8);
      this.cells[c] = (this.cells[c]! * 31 + this.rng.u32()) % 1000003;
    }
    return true;
  }
  snapshot() {
    return { cells: this.cells.slice(), step: this.step, rng: this.rng.snapshot() };
  }
  restore(s: { cells: number[]; step: number; rng: ReturnType<Rng['snapshot']> }) {
    this.cells = s.cells.slice();
    this.step = s.step;
    this.rng.restore(s.rng);
  }
}

function stateAt(n: number): number[] {
  const rec = new Recorder(new Clock(), 1e6);
  const toy = new Toy(rec, 500);
  const tl = new Timeline(toy, rec, { checkpointInterval: 1e9 });
  tl.record();
  tl.seek(n);
  return toy.cells.slice();
}

describe('Timeline', () => {
  it('seek(n) gives the same state as a fresh replay to n, forwards and backwards', () => {
    const rec = new Recorder(new Clock(), 1e6);
    const toy = new Toy(rec, 500);
    const tl = new Timeline(toy, rec, { checkpointInterval: 37 });
    tl.record();
    expect(tl.total).toBe(rec.log.length);
    expect(tl.checkpoints.length).toBeGreaterThan(10);
    const rng = new Rng(3);
    for (let i = 0; i < 60; i++) {
      const n = rng.below(tl.total + 1);
      tl.seek(n);
      expect(toy.cells).toEqual(stateAt(n));
    }
    tl.seek(tl.total);
    expect(toy.cells).toEqual(stateAt(tl.total));
  });

  it('stops inside a step at the exact event', () => {
    const rec = new Recorder(new Clock(), 1e6);
    const toy = new Toy(rec, 50);
    const tl = new Timeline(toy, rec, { checkpointInterval: 10 });
    tl.record();
    const counts: number[] = [];
    for (let n = 0; n <= tl.total; n++) {
      tl.seek(n);
      counts.push(toy.cells.reduce((a, b) => a + b, 0));
    }
    // every event changes one cell, so consecutive positions differ (with overwhelming probability)
    let changes = 0;
    for (let i = 1; i < counts.length; i++) if (counts[i] !== counts[i - 1]) changes++;
    expect(changes).toBeGreaterThan(tl.total * 0.9);
    expect(() => tl.seek(tl.total + 1)).toThrow(RangeError);
  });

  it('does not append to the log while replaying', () => {
    const rec = new Recorder(new Clock(), 1e6);
    const toy = new Toy(rec, 100);
    const tl = new Timeline(toy, rec, { checkpointInterval: 16 });
    tl.record();
    const len = rec.log.length;
    tl.seek(3);
    tl.seek(len);
    tl.seek(len >> 1);
    expect(rec.log.length).toBe(len);
  });
});
