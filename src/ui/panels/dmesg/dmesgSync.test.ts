import { describe, expect, it } from 'vitest';
import { DmesgSync, type DmesgLine, type DmesgTarget, type Spares, type TermLike } from './dmesgSync.ts';

class FakeTerm implements TermLike {
  out = '';
  resets = 0;
  scrolledTo: number | null = null;
  bottom = 0;
  reset() {
    this.out = '';
    this.resets++;
  }
  write(data: string, cb?: () => void) {
    this.out += data;
    cb?.();
  }
  scrollToBottom() {
    this.bottom++;
  }
  markLine() {
    const row = this.out.split('\r\n').length - 1;
    return () => row;
  }
  scrollToLine(row: number) {
    this.scrolledTo = row;
  }
}

const LOG: DmesgLine[] = Array.from({ length: 10 }, (_, i) => ({ event: i * 2, ns: i * 1000, level: i === 6 ? 3 : 6, text: `line ${i}`, line: `[    0.00000${i}] line ${i}` }));

function setup(keep = 5000) {
  const term = new FakeTerm();
  const calls: [number, number][] = [];
  const sync = new DmesgSync(
    term,
    async (from, to) => {
      calls.push([from, to]);
      return LOG.slice(from, to);
    },
    (e) => {
      throw e;
    },
    { keep },
  );
  return { term, calls, sync };
}

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('DmesgSync', () => {
  it('appends only the new lines when moving forward', async () => {
    const { term, calls, sync } = setup();
    sync.update({ generation: 1, at: 0, lines: 3, focusEvent: -1 });
    await sync.idle();
    sync.update({ generation: 1, at: 0, lines: 5, focusEvent: -1 });
    await sync.idle();
    expect(calls).toEqual([
      [0, 3],
      [3, 5],
    ]);
    expect(term.resets).toBe(1);
    expect(plain(term.out).split('\r\n').filter(Boolean)).toEqual(LOG.slice(0, 5).map((l) => l.line));
  });

  it('starts over when moving back or when a new run is loaded', async () => {
    const { term, calls, sync } = setup();
    sync.update({ generation: 1, at: 0, lines: 5, focusEvent: -1 });
    await sync.idle();
    sync.update({ generation: 1, at: 0, lines: 2, focusEvent: -1 });
    await sync.idle();
    expect(plain(term.out)).toBe(LOG.slice(0, 2).map((l) => l.line + '\r\n').join(''));
    sync.update({ generation: 2, at: 0, lines: 2, focusEvent: -1 });
    await sync.idle();
    expect(calls.at(-1)).toEqual([0, 2]);
    expect(term.resets).toBe(3);
  });

  it('colors by level and keeps only the last lines past the scrollback', async () => {
    const { term, sync } = setup(4);
    sync.update({ generation: 1, at: 0, lines: 10, focusEvent: -1 });
    await sync.idle();
    expect(plain(term.out).split('\r\n').filter(Boolean)).toEqual(LOG.slice(6).map((l) => l.line));
    expect(term.out).toContain('\x1b[91mline 6');
    // the terminal's first line is line 6 of the log
    expect(sync.firstLine).toBe(6);
  });

  it('starts over once the lines appended since the last start pass twice the scrollback', async () => {
    const { term, sync } = setup(2);
    for (const lines of [1, 2, 3, 4]) {
      sync.update({ generation: 1, at: 0, lines, focusEvent: -1 });
      await sync.idle();
    }
    expect(term.resets).toBe(1);
    expect(sync.firstLine).toBe(0);
    sync.update({ generation: 1, at: 0, lines: 5, focusEvent: -1 });
    await sync.idle();
    // five lines since line 0, more than twice two: written again from the last two
    expect(term.resets).toBe(2);
    expect(sync.firstLine).toBe(3);
    expect(plain(term.out).split('\r\n').filter(Boolean)).toEqual(LOG.slice(3, 5).map((l) => l.line));
  });

  it('brings the first line of a finding into view', async () => {
    const { term, sync } = setup();
    sync.update({ generation: 1, at: 0, lines: 10, focusEvent: 12 });
    await sync.idle();
    expect(term.scrolledTo).toBe(6);
  });

  it('only the latest target is fetched after a burst of updates', async () => {
    const { calls, sync } = setup();
    sync.update({ generation: 1, at: 0, lines: 1, focusEvent: -1 });
    sync.update({ generation: 1, at: 0, lines: 2, focusEvent: -1 });
    sync.update({ generation: 1, at: 0, lines: 7, focusEvent: -1 });
    await sync.idle();
    expect(calls).toEqual([
      [0, 1],
      [1, 7],
    ]);
  });
});

/** A terminal that parses writes later, in order, as xterm does; reset is queued with them. */
class QueuedTerm extends FakeTerm {
  queue: (() => void)[] = [];
  override reset() {
    this.queue.push(() => super.reset());
  }
  override write(data: string, cb?: () => void) {
    this.queue.push(() => {
      this.out += data;
      cb?.();
    });
  }
  flush() {
    while (this.queue.length > 0) this.queue.shift()!();
  }
}

describe('DmesgSync with writes parsed later', () => {
  it('a finding\'s report written in two parts never lands after a reset queued behind it', async () => {
    const term = new QueuedTerm();
    const sync = new DmesgSync(
      term,
      async (from, to) => LOG.slice(from, to),
      (e) => {
        throw e;
      },
    );
    sync.update({ generation: 1, at: 0, lines: 10, focusEvent: 12 });
    await sync.idle();
    // back before the report while the terminal has not parsed it yet
    sync.update({ generation: 1, at: 0, lines: 2, focusEvent: -1 });
    await sync.idle();
    term.flush();
    expect(plain(term.out)).toBe(LOG.slice(0, 2).map((l) => l.line + '\r\n').join(''));
  });
});

/** Spare terminals; what is to run "when the page has time" runs only when the test steps it. */
class FakeSpares implements Spares<FakeTerm> {
  made: FakeTerm[] = [];
  shown: { built: FakeTerm; old: FakeTerm; offset: number }[] = [];
  dropped: FakeTerm[] = [];
  tasks: (() => void)[] = [];
  hold = false;
  make() {
    const t = new FakeTerm();
    this.made.push(t);
    return t;
  }
  show(built: FakeTerm, old: FakeTerm, offset: number) {
    if (this.hold) return false;
    this.shown.push({ built, old, offset });
    return true;
  }
  drop(t: FakeTerm) {
    this.dropped.push(t);
  }
  later(f: () => void) {
    this.tasks.push(f);
  }
  step() {
    this.tasks.shift()?.();
  }
}

const BIG: DmesgLine[] = Array.from({ length: 40 }, (_, i) => ({ event: i, ns: i * 1000, level: 6, text: `line ${i}`, line: `[    0.${String(i).padStart(6, '0')}] line ${i}` }));
const linesOf = (t: FakeTerm) => plain(t.out).split('\r\n').filter(Boolean);
const names = (from: number, to: number) => BIG.slice(from, to).map((l) => l.line);
/** Lets the sync's fetches resolve. */
const tick = () => new Promise((r) => setTimeout(r, 0));

function built(opts: { keep?: number; log?: DmesgLine[] } = {}) {
  const term = new FakeTerm();
  const spares = new FakeSpares();
  const log = opts.log ?? BIG;
  const calls: [number, number][] = [];
  const sync = new DmesgSync(
    term,
    async (from, to) => {
      calls.push([from, to]);
      return log.slice(from, to);
    },
    (e) => {
      throw e;
    },
    { keep: opts.keep ?? 5000, tail: 5, chunk: 4, spares },
  );
  const target = (lines: number, generation = 1, focusEvent = -1): DmesgTarget => ({ generation, at: lines, lines, focusEvent });
  /** Lets the page have time until the sync is idle. */
  const finish = async () => {
    for (;;) {
      await tick();
      if (spares.tasks.length === 0) break;
      while (spares.tasks.length > 0) spares.step();
    }
    await sync.idle();
  };
  /** The first turn the page has time for after a start-over: the lines before the tail are fetched. */
  const head = async () => {
    spares.step();
    await tick();
  };
  return { term, spares, sync, target, finish, calls, head };
}

describe('DmesgSync building the full scrollback after a start-over', () => {
  it('shows the last lines at once, builds the rest a chunk per turn, then swaps it in', async () => {
    const { term, spares, sync, target, finish, calls, head } = built();
    sync.update(target(30));
    await tick();
    // the terminal shown got only the tail, numbered from its first line, and only the tail was asked for
    expect(linesOf(term)).toEqual(names(25, 30));
    expect(sync.firstLine).toBe(25);
    expect(sync.terminal).toBe(term);
    expect(spares.made).toHaveLength(0);
    expect(calls).toEqual([[25, 30]]);
    // the lines before it, once the page has time
    await head();
    expect(calls).toEqual([
      [25, 30],
      [0, 25],
    ]);
    expect(spares.made).toHaveLength(0);
    // each turn the page has time for writes one chunk (4 lines) into the spare, not shown yet
    spares.step();
    expect(linesOf(spares.made[0]!)).toEqual(names(0, 4));
    spares.step();
    expect(linesOf(spares.made[0]!)).toEqual(names(0, 8));
    expect(spares.shown).toHaveLength(0);
    await finish();
    const spare = spares.made[0]!;
    expect(linesOf(spare)).toEqual(names(0, 30));
    // swapped in, the old terminal's first row being the spare's row 25
    expect(spares.shown).toEqual([{ built: spare, old: term, offset: 25 }]);
    expect(sync.terminal).toBe(spare);
    expect(sync.firstLine).toBe(0);
    expect(sync.linesShown).toBe(30);
  });

  it('writes every chunk separately, none longer than the chunk size', async () => {
    const { spares, sync, target, finish, head } = built();
    const writes: string[] = [];
    sync.update(target(30));
    await tick();
    await head();
    spares.step();
    const spare = spares.made[0]!;
    const write = spare.write.bind(spare);
    spare.write = (d, cb) => {
      writes.push(d);
      write(d, cb);
    };
    await finish();
    expect(writes.length).toBeGreaterThanOrEqual(6);
    for (const w of writes) expect(w.split('\r\n').filter(Boolean).length).toBeLessThanOrEqual(4);
  });

  it('a short log is written at once, with nothing to build', async () => {
    const { term, spares, sync, target, finish } = built();
    sync.update(target(5));
    await finish();
    expect(linesOf(term)).toEqual(names(0, 5));
    expect(spares.made).toHaveLength(0);
    expect(sync.firstLine).toBe(0);
  });

  it('lines appended while it is built land in both terminals', async () => {
    const { term, spares, sync, target, finish } = built();
    sync.update(target(20));
    await tick();
    spares.step();
    sync.update(target(23));
    await tick();
    expect(linesOf(term)).toEqual(names(15, 23));
    sync.update(target(26));
    await finish();
    const spare = spares.made[0]!;
    expect(linesOf(spare)).toEqual(names(0, 26));
    expect(sync.terminal).toBe(spare);
    expect(spares.shown[0]!.offset).toBe(15);
    // and after the swap, appends go to the terminal shown
    sync.update(target(28));
    await finish();
    expect(linesOf(spare)).toEqual(names(0, 28));
    expect(linesOf(term)).toEqual(names(15, 26));
  });

  it('a move back while it is built drops it: no line after the cursor is ever shown', async () => {
    const { term, spares, sync, target, finish, head } = built();
    sync.update(target(30));
    await tick();
    await head();
    spares.step();
    sync.update(target(12));
    await finish();
    const first = spares.made[0]!;
    expect(spares.dropped).toContain(first);
    expect(spares.shown.every((s) => s.built !== first)).toBe(true);
    // the move back started over: its own tail, then its own build
    expect(spares.made).toHaveLength(2);
    const second = spares.made[1]!;
    expect(linesOf(second)).toEqual(names(0, 12));
    expect(sync.terminal).toBe(second);
    expect(spares.shown).toEqual([{ built: second, old: term, offset: 7 }]);
  });

  it('a new run while it is built drops it before it is made or swapped in', async () => {
    const { term, spares, sync, target, finish } = built();
    sync.update(target(30));
    await tick();
    // not a chunk written yet: no spare made, and none is made for the run replaced
    sync.update(target(3, 2));
    await finish();
    expect(spares.made).toHaveLength(0);
    expect(spares.shown).toHaveLength(0);
    expect(linesOf(term)).toEqual(names(0, 3));
    expect(sync.terminal).toBe(term);
    expect(sync.firstLine).toBe(0);
  });

  it('keeps the scrollback limit: the built terminal starts `keep` lines before the cursor', async () => {
    const { term, spares, sync, target, finish } = built({ keep: 20 });
    sync.update(target(35));
    await tick();
    expect(linesOf(term)).toEqual(names(30, 35));
    expect(sync.firstLine).toBe(30);
    await finish();
    expect(linesOf(spares.made[0]!)).toEqual(names(15, 35));
    expect(sync.firstLine).toBe(15);
    expect(spares.shown[0]!.offset).toBe(15);
  });

  it('a finding whose report starts before the tail is written from its report\'s first line', async () => {
    // lines 20..29 are the report of event 20
    const log = BIG.map((l, i) => (i >= 20 && i < 30 ? { ...l, event: 20 } : l));
    const { term, spares, sync, finish } = built({ log });
    sync.update({ generation: 1, at: 21, lines: 30, focusEvent: 20 });
    await tick();
    expect(linesOf(term)).toEqual(names(20, 30));
    expect(sync.firstLine).toBe(20);
    expect(term.scrolledTo).toBe(0);
    await finish();
    expect(spares.shown[0]!.offset).toBe(20);
    expect(sync.firstLine).toBe(0);
  });

  it('waits when the swap is refused, and swaps when told, with what came meanwhile', async () => {
    const { term, spares, sync, target, finish } = built();
    spares.hold = true;
    sync.update(target(30));
    await finish();
    const spare = spares.made[0]!;
    expect(sync.terminal).toBe(term);
    expect(sync.firstLine).toBe(25);
    sync.update(target(32));
    await finish();
    expect(linesOf(term)).toEqual(names(25, 32));
    expect(linesOf(spare)).toEqual(names(0, 32));
    spares.hold = false;
    sync.showBuilt();
    await finish();
    expect(sync.terminal).toBe(spare);
    expect(sync.firstLine).toBe(0);
    expect(spares.shown).toHaveLength(1);
  });

  it('the lines before the tail not to be had: the tail stays, the build goes, the error is told', async () => {
    const term = new FakeTerm();
    const spares = new FakeSpares();
    const errors: unknown[] = [];
    const sync = new DmesgSync(
      term,
      async (from, to) => {
        if (from === 0 && to === 25) throw new Error('run 1 is gone');
        return BIG.slice(from, to);
      },
      (e) => errors.push(e),
      { tail: 5, chunk: 4, spares },
    );
    sync.update({ generation: 1, at: 30, lines: 30, focusEvent: -1 });
    await tick();
    spares.step();
    await tick();
    await sync.idle();
    expect(linesOf(term)).toEqual(names(25, 30));
    expect(sync.firstLine).toBe(25);
    expect(spares.made).toHaveLength(0);
    expect(String(errors[0])).toContain('run 1 is gone');
    // later lines are appended as ever
    sync.update({ generation: 1, at: 32, lines: 32, focusEvent: -1 });
    await sync.idle();
    expect(linesOf(term)).toEqual(names(25, 32));
  });

  it('close() drops the build and writes nothing more', async () => {
    const { term, spares, sync, target, finish, head } = built();
    sync.update(target(30));
    await tick();
    await head();
    spares.step();
    sync.close();
    sync.update(target(35));
    await finish();
    expect(spares.dropped).toEqual([spares.made[0]]);
    expect(spares.shown).toHaveLength(0);
    expect(linesOf(term)).toEqual(names(25, 30));
  });
});

describe('DmesgSync building with writes parsed later', () => {
  it('swaps in only once the terminal shown has parsed what it was given', async () => {
    const term = new QueuedTerm();
    const spares = new FakeSpares();
    const sync = new DmesgSync<FakeTerm>(
      term,
      async (from, to) => BIG.slice(from, to),
      (e) => {
        throw e;
      },
      { tail: 5, chunk: 4, spares },
    );
    sync.update({ generation: 1, at: 30, lines: 30, focusEvent: -1 });
    await tick();
    // the build waits for the tail to be parsed
    expect(spares.tasks).toHaveLength(0);
    term.flush();
    // the lines before the tail are fetched, then written a chunk per turn
    spares.step();
    await tick();
    while (spares.tasks.length > 0) spares.step();
    expect(linesOf(spares.made[0]!)).toEqual(names(0, 30));
    expect(spares.shown).toHaveLength(0);
    term.flush();
    expect(spares.shown).toHaveLength(1);
    expect(sync.terminal).toBe(spares.made[0]);
  });
});
