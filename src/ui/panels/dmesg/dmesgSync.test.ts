import { describe, expect, it } from 'vitest';
import { DmesgSync, type DmesgLine, type TermLike } from './dmesgSync.ts';

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
    keep,
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
