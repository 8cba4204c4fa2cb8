import { describe, expect, it } from 'vitest';
import { EventLog, eventKind } from './events.ts';

describe('EventLog', () => {
  it('keeps every column of events past its first chunks', () => {
    const log = new EventLog();
    const n = 40_000;
    const k = [log.kindId(eventKind('slub.alloc')), log.kindId(eventKind('slub.free'))];
    const t = [log.taskId('swapper/0'), log.taskId('git-status')];
    for (let i = 0; i < n; i++) log.append(k[i % 2]!, i >> 3, i * 10, i % 4, t[i % 2]!, i * 3, -i, i % 10_000 === 7 ? { i } : null);
    expect(log.length).toBe(n);
    for (const i of [0, 1, 16_383, 16_384, 16_385, 32_768, n - 1]) {
      expect(log.get(i)).toEqual({ index: i, kind: i % 2 ? 'slub.free' : 'slub.alloc', ns: i * 10, step: i >> 3, cpu: i % 4, task: i % 2 ? 'git-status' : 'swapper/0', a: i * 3, b: -i, payload: i % 10_000 === 7 ? { i } : null });
      expect([log.kindAt(i), log.nsAt(i), log.stepAt(i), log.cpuAt(i), log.taskIdAt(i), log.taskAt(i), log.aAt(i), log.bAt(i)]).toEqual([k[i % 2], i * 10, i >> 3, i % 4, t[i % 2], i % 2 ? 'git-status' : 'swapper/0', i * 3, -i]);
    }
    expect(log.indexAtTime(163_845)).toBe(16_385);
    expect(log.indexAtTime(n * 10)).toBe(n);
    expect([...log.withPayload(10_000, 30_000)].map((e) => e.index)).toEqual([10_007, 20_007]);
    expect(() => log.get(n)).toThrow(RangeError);
  });
});

describe('EventLog columns', () => {
  it('reads back times, steps, tasks and operands that do not fit the narrow columns, in any chunk', () => {
    const log = new EventLog();
    const wide = [2 ** 40 + 0.5, -0, -1, 2 ** 31, -(2 ** 31) - 1, 1.25, Number.MAX_SAFE_INTEGER, NaN];
    const rows: [number, number, number, number, number][] = [];
    for (let i = 0; i < 3 * 16_384; i++) {
      // the second chunk sees wide values late in it, the third only narrow ones
      const late = i >= 16_384 + 9_000 && i < 2 * 16_384;
      const w = wide[i % wide.length]!;
      const ns = late && i % 7 === 0 ? i * 1000 + 2 ** 33 + 0.5 : i * 1000;
      rows.push([late ? 70_000 + i : i >> 4, late ? 1 + (i % 3) * 40_000 : 1, ns, late ? w : i, late ? -w : -i]);
      const r = rows[i]!;
      log.append(1, r[0], r[2], 0, r[1], r[3], r[4], null);
    }
    const got = (i: number) => [log.stepAt(i), log.taskIdAt(i), log.nsAt(i), log.aAt(i), log.bAt(i)];
    const differ = rows.flatMap((r, i) => (got(i).every((v, x) => Object.is(v, r[x])) ? [] : [i]));
    expect(differ).toEqual([]);
    expect(got(16_384 + 9_003)).toEqual(rows[16_384 + 9_003]);
    expect(log.payloadAt(5)).toBeNull();
  });
});
