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
