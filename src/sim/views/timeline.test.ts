import { describe, expect, it } from 'vitest';
import { bootSys } from '../machine/testing.ts';
import { timelineBuckets } from './timeline.ts';

function run() {
  const t = bootSys({ cpus: 1 });
  t.sys.modules.load('ath5k', 16384, [0x40, 0x80, 0x1040]);
  return t;
}

describe('timeline buckets', () => {
  it('cover the run in equal slices with every event, finding, poke and stray write counted once', () => {
    const t = run();
    const total = t.rec.pos;
    const b = timelineBuckets(t.rec, total, 10);
    expect(b).toHaveLength(10);
    expect(b[0]!.from).toBe(0);
    expect(b[9]!.to).toBe(total);
    for (let i = 1; i < b.length; i++) expect(b[i]!.from).toBe(b[i - 1]!.to);
    expect(b.reduce((n, x) => n + x.events, 0)).toBe(total);
    expect(b.reduce((n, x) => n + x.findings, 0)).toBe(t.rec.findings.length);
    // every text_poke(): the core kernel's UP switch at boot and the module's three sites
    let pokes = 0;
    for (let i = 0; i < total; i++) if (t.rec.log.get(i).kind === 'alt.text_poke') pokes++;
    expect(pokes).toBeGreaterThan(3);
    expect(b.reduce((n, x) => n + x.pokes, 0)).toBe(pokes);
    expect(b.reduce((n, x) => n + x.strayWrites, 0)).toBe(t.rec.findings.filter((f) => f.kind === 'mm.stray_write').length);
    expect(b.reduce((n, x) => n + x.lines, 0)).toBe(t.rec.dmesg.length);
  });

  it('cut a window of the run only, and put each finding in the bucket whose range holds it', () => {
    const t = run();
    const total = t.rec.pos;
    const f = t.rec.findings.find((x) => x.kind === 'mm.stray_write')!;
    const from = Math.max(0, f.event - 7);
    const to = Math.min(total, f.event + 13);
    const b = timelineBuckets(t.rec, total, 7, from, to);
    expect(b[0]!.from).toBe(from);
    expect(b[b.length - 1]!.to).toBe(to);
    expect(b.reduce((n, x) => n + x.events, 0)).toBe(to - from);
    for (const x of b) {
      const inside = t.rec.findings.filter((g) => g.event >= x.from && g.event < x.to);
      expect(x.findings).toBe(inside.length);
    }
    // never more buckets than events
    expect(timelineBuckets(t.rec, total, 50, f.event, f.event + 3)).toHaveLength(3);
    // a window past the end is clipped to it
    expect(timelineBuckets(t.rec, total, 4, total - 2, total + 100).reduce((n, x) => n + x.events, 0)).toBe(2);
  });
});
