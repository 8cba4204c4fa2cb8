import { describe, expect, it } from 'vitest';
import type { ListNodeView, ListRingView } from '../../../worker/protocol.ts';
import { ringLayout } from './ringLayout.ts';

const node = (i: number, over: Partial<ListNodeView> = {}): ListNodeView => ({
  addr: `0xffff88800380${i}040`,
  isHead: i === 0,
  cache: 'kmalloc-512',
  object: null,
  offset: 0x90,
  pointer: `bo${i}`,
  allocated: true,
  next: '',
  prev: '',
  backOk: true,
  nextWriter: 'list_add_tail',
  prevWriter: 'list_add_tail',
  ...over,
});

const ring = (nodes: ListNodeView[], over: Partial<ListRingView> = {}): ListRingView => ({ heads: [], head: { name: 'h', addr: nodes[0]!.addr }, nodes, complete: true, break: null, error: null, ...over });

describe('ringLayout', () => {
  it('a whole ring: next and prev arrows between every neighbour, nothing broken', () => {
    const l = ringLayout(ring([node(0), node(1), node(2)]));
    expect(l.nodes).toHaveLength(3);
    // the head on top
    expect(l.nodes[0]!.y).toBeLessThan(l.nodes[1]!.y);
    expect(l.arrows.filter((a) => a.kind === 'next').map((a) => [a.from, a.to])).toEqual([[0, 1], [1, 2], [2, 0]]);
    expect(l.arrows.filter((a) => a.kind === 'prev').map((a) => [a.from, a.to])).toEqual([[1, 0], [2, 1], [0, 2]]);
    expect(l.arrows.some((a) => a.broken)).toBe(false);
    expect(l.marker).toBeNull();
  });

  it('a cycle without the head: the last node loops to itself in a broken arrow; no closing arrow', () => {
    const l = ringLayout(ring([node(0), node(1, { backOk: false }), node(2)], { complete: false, break: { kind: 'cycle', from: 2, to: 2, target: node(2).addr, message: '' } }));
    const broken = l.arrows.filter((a) => a.broken);
    expect(broken.map((a) => [a.from, a.to])).toEqual([[2, 2]]);
    expect(broken[0]!.d).toMatch(/^M.* C/);
    expect(l.arrows.find((a) => a.from === 1 && a.kind === 'next')!.mismatch).toBe(true);
    expect(l.arrows.some((a) => a.from === 2 && a.to === 0)).toBe(false);
  });

  it('a poisoned next points at a LIST_POISON1 marker', () => {
    const l = ringLayout(ring([node(0)], { complete: false, break: { kind: 'poison', from: 0, target: '0xdead000000000100', to: null, message: '' } }));
    expect(l.marker?.label).toBe('LIST_POISON1');
    expect(l.arrows).toEqual([expect.objectContaining({ from: 0, to: -1, broken: true })]);
  });
});
