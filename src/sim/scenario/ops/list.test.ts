import { describe, expect, it } from 'vitest';
import { Session } from '../session.ts';

const scenario = (steps: unknown[], kconfig: Record<string, boolean> = {}): string => JSON.stringify({ format: 'kernscope/1', name: 'list-ops', config: { kconfig }, steps });

describe('list ops', () => {
  it('a head name no list_head_init bound is a parse error with its path', () => {
    const r = Session.open(scenario([{ op: 'kmalloc', size: 64, as: 'a' }, { op: 'list_add', ptr: 'a', head: 'nolist' }, { op: 'list_walk', head: 'a' }]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: 'steps[1].head', message: 'list head "nolist" is not bound by an earlier list_head_init step' },
      { path: 'steps[2].head', message: 'list head "a" is not bound by an earlier list_head_init step' },
    ]);
  });

  it('an entry outside its object is a runtime input error; the steps before it stay', () => {
    const r = Session.open(scenario([{ op: 'list_head_init', as: 'h' }, { op: 'kmalloc', size: 64, as: 'a' }, { op: 'list_add', ptr: 'a', offset: 56, head: 'h' }]));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const rep = r.session.report();
    expect(rep.errors).toEqual([{ path: 'steps[2].offset', message: expect.stringMatching(/^the list_head at 0xffff[0-9a-f]+ \(a\+56\) is outside any allocated object \(kmalloc-64 objects are 64 bytes\)$/) as unknown }]);
  });

  it('list_walk counts what list_for_each() finds', () => {
    const r = Session.open(
      scenario([
        { op: 'list_head_init', as: 'h' },
        { op: 'kmalloc', size: 64, as: 'a' },
        { op: 'kmalloc', size: 64, as: 'b' },
        { op: 'list_add', ptr: 'a', offset: 8, head: 'h' },
        { op: 'list_add', ptr: 'b', offset: 8, head: 'h' },
        { op: 'list_walk', head: 'h', count: 2 },
        { op: 'list_del_init', ptr: 'a', offset: 8 },
        { op: 'list_walk', head: 'h', count: 1 },
        { op: 'list_move', ptr: 'a', offset: 8, head: 'h' },
        { op: 'list_walk', head: 'h', count: 3 },
      ]),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const rep = r.session.report();
    expect(rep.expectations.map((e) => [e.pass, e.message])).toEqual([
      [true, 'expected 2 entries on h, found 2'],
      [true, 'expected 1 entries on h, found 1'],
      [false, 'expected 3 entries on h, found 2'],
    ]);
  });
});
