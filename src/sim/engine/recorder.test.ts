import { describe, expect, it } from 'vitest';
import { Clock } from './clock.ts';
import { Recorder, eventKind } from './recorder.ts';

describe('Recorder write log', () => {
  it('answers provenance for writes past its first chunks', () => {
    const rec = new Recorder(new Clock(), 1_000_000);
    const ev = eventKind('test.store');
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      if (i % 1000 === 0) rec.emit(ev);
      rec.wrote(i * 8, 8, i % 3 === 0 ? 'kmalloc' : i % 3 === 1 ? 'memset' : `user ${i % 5}`);
    }
    expect(rec.writes).toBe(n);
    const at = (i: number) => ({ event: Math.floor(i / 1000), phys: i * 8, len: 8, writer: i % 3 === 0 ? 'kmalloc' : i % 3 === 1 ? 'memset' : `user ${i % 5}` });
    expect(rec.writesIn(16_384 * 8 - 8, 16, 40)).toEqual([at(16_383), at(16_384)]);
    rec.emit(ev);
    rec.wrote(32_768 * 8 + 4, 8, 'kfree');
    const p = rec.provenance(32_768 * 8, 16, 41);
    expect(p[0]).toEqual(at(32_768));
    expect(p[4]).toEqual({ event: 40, phys: 32_768 * 8 + 4, len: 8, writer: 'kfree' });
    expect(p[11]).toEqual({ event: 40, phys: 32_768 * 8 + 4, len: 8, writer: 'kfree' });
    expect(p[12]).toEqual(at(32_769));
    expect(rec.provenance(32_768 * 8, 16, 40)[4]).toEqual(at(32_768));
  });
});
