import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { VIEWS, runInfo } from './registry.ts';

function open(name: string): Session {
  const r = Session.open(readFileSync(join(__dirname, '../../../scenarios', `${name}.json`), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.session;
}

/** The cursor just after the first event of `kind`. */
function after(s: Session, kind: string): number {
  const f = s.rec.findings.find((x) => x.kind === kind);
  if (!f) throw new Error(`no ${kind}`);
  return f.event + 1;
}

const ring = (s: Session, head: string, at: number) => {
  s.seek(at);
  return VIEWS.listRing.answer(s, { head }, at);
};

describe('the list view', () => {
  it('reads the shrinker list at the refused double add: intact, owners and writers known', () => {
    const s = open('list-debug-double-add');
    expect(runInfo(s).listHeads).toEqual(['shrinker_list', 'bo0_madv_list', 'bo1_madv_list']);
    const v = ring(s, 'shrinker_list', after(s, 'list.corruption'));
    expect(v.heads.map((h) => h.name)).toEqual(['shrinker_list', 'bo0_madv_list', 'bo1_madv_list']);
    expect(v.complete).toBe(true);
    expect(v.break).toBeNull();
    expect(v.nodes.map((n) => [n.isHead, n.cache, n.offset, n.pointer, n.backOk])).toEqual([
      [true, 'kmalloc-512', 64, 'pfdev', true],
      [false, 'kmalloc-512', 144, 'bo0', true],
      [false, 'kmalloc-512', 144, 'bo1', true],
    ]);
    expect(v.nodes[1]!.nextWriter).toBe('list_add_tail');
    expect(v.nodes[0]!.next).toBe(v.nodes[1]!.addr);
    expect(v.nodes[2]!.next).toBe(v.nodes[0]!.addr);
  });

  it('without CONFIG_DEBUG_LIST the break is a cycle through bo1 that misses the head', () => {
    const s = open('list-debug-double-add-nodebug');
    const v = ring(s, 'shrinker_list', after(s, 'list.endless_walk'));
    expect(v.complete).toBe(false);
    expect(v.nodes.map((n) => n.pointer)).toEqual(['pfdev', 'bo0', 'bo1']);
    expect(v.break).toMatchObject({ kind: 'cycle', from: 2, to: 2, target: v.nodes[2]!.addr });
    // bo1 points to itself both ways, so bo0's next no longer comes back to bo0
    expect(v.nodes[2]!.next).toBe(v.nodes[2]!.addr);
    expect(v.nodes[2]!.prev).toBe(v.nodes[2]!.addr);
    expect(v.nodes.map((n) => n.backOk)).toEqual([true, false, true]);
  });

  it('a deleted entry shows its poison', () => {
    const s = open('list-debug-double-add');
    s.seek(s.total);
    const v = ring(s, 'bo0_madv_list', s.total);
    expect(v.break).toMatchObject({ kind: 'poison', from: 0, target: '0xdead000000000100' });
    expect(v.nodes[0]!.prev).toBe('0xdead000000000122');
    expect(v.nodes[0]!.nextWriter).toBe('list_del');
  });

  it('names the heads in the byte view', () => {
    const s = open('list-debug-double-add');
    s.seek(s.total);
    const hv = VIEWS.hexView.answer(s, { target: 'pfdev', len: 96 }, s.total);
    expect(hv.regions.filter((r) => r.name.startsWith('list_head'))).toEqual([{ name: 'list_head shrinker_list', start: 64, end: 80 }]);
  });

  it('answers an unknown head with an error and the heads it knows', () => {
    const s = open('list-debug-double-add');
    const v = ring(s, 'nope', s.total);
    expect(v.error).toMatch(/neither a list head/);
    expect(v.heads).toHaveLength(3);
    expect(ring(s, '0x10', s.total).error).toBe('0x0000000000000010 is not mapped');
  });
});
