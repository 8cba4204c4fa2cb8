import { describe, expect, it } from 'vitest';
import { RunTable, UnknownRunError } from './runs.ts';

describe('RunTable', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const t = new RunTable<string>(2);
    const a = t.add('a');
    const b = t.add('b');
    expect(t.get(a)).toBe('a');
    const c = t.add('c');
    expect(t.size).toBe(2);
    expect(t.get(a)).toBe('a');
    expect(t.get(c)).toBe('c');
    expect(() => t.get(b)).toThrow(UnknownRunError);
    expect(() => t.get(b)).toThrow('dropped as the least recently used (the engine keeps 2 runs)');
  });

  it('never reuses an id', () => {
    const t = new RunTable<string>(1);
    const a = t.add('a');
    t.delete(a);
    expect(t.add('b')).not.toBe(a);
    expect(() => t.get(a)).toThrow(/no longer open/);
    expect(() => t.get(0)).toThrow('there is no run 0');
  });
});
