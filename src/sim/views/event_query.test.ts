import { describe, expect, it } from 'vitest';
import { EventLog, eventKind } from '../engine/events.ts';
import { eventDetails, eventFacets, eventQuery } from './event_query.ts';

function log(): EventLog {
  const l = new EventLog();
  const k = (n: string) => l.kindId(eventKind(n));
  const t = (n: string) => l.taskId(n);
  l.append(k('boot'), -1, 0, 0, t('swapper/0'), 0, 0, null);
  l.append(k('slub.alloc'), 0, 10, 0, t('kunit_try_catch'), 3, 64, null);
  l.append(k('slub.free'), 1, 20, 1, t('kunit_try_catch'), 3, 0x2040, null);
  l.append(k('mm.fault'), 2, 30, 1, t('testf'), 0x7f0000001000, 0, { fn: 'alloc_anon_folio', addr: '0x00007f0000001000' });
  l.append(k('slub.alloc'), 3, 40, 0, t('testf'), 4, 32, null);
  return l;
}

const DIRECT = 0xffff888000000000n;
const directMap = (va: bigint) => (va >= DIRECT ? va - DIRECT : null);

describe('event query', () => {
  it('without a filter: a window of every event and the event at the cursor', () => {
    const a = eventQuery(log(), { from: 1, to: 3, near: 2 });
    expect(a.total).toBe(5);
    expect(a.rows.map((r) => r.index)).toEqual([1, 2]);
    expect(a.near).toBe(2);
    expect(a.nearEvent).toBe(2);
    expect(a.rows[0]!.details).toBe('a=3 b=64');
    expect(structuredClone(a)).toEqual(a);
  });

  it('filters by kind set, task and CPU, and finds the match at or before an event', () => {
    const a = eventQuery(log(), { kinds: ['slub.alloc', 'slub.free'], task: 'kunit_try_catch', from: 0, to: 10, near: 3 });
    expect(a.rows.map((r) => r.index)).toEqual([1, 2]);
    expect(a.near).toBe(1);
    expect(a.nearEvent).toBe(2);
    expect(eventQuery(log(), { cpu: 1, from: 0, to: 10 }).rows.map((r) => r.index)).toEqual([2, 3]);
    expect(eventQuery(log(), { kinds: ['never.seen'], from: 0, to: 10 }).total).toBe(0);
    expect(eventQuery(log(), { kinds: ['slub.alloc'], from: 0, to: 10, near: 0 }).near).toBe(-1);
  });

  it('filters by an address range over a, b and payload addresses, the direct map included', () => {
    expect(eventQuery(log(), { addrFrom: '0x7f0000000000', addrTo: '0x7f0000001fff', from: 0, to: 10 }).rows.map((r) => r.index)).toEqual([3]);
    // the free's b is the physical address of the direct-map object 0xffff888000002040
    const r = eventQuery(log(), { addrFrom: '0xffff888000002040', addrTo: '0xffff88800000207f', from: 0, to: 10 }, directMap);
    expect(r.rows.map((x) => x.index)).toEqual([2]);
    // one end alone is that one address
    expect(eventQuery(log(), { addrFrom: '0x2040', from: 0, to: 10 }).rows.map((x) => x.index)).toEqual([2]);
  });

  it('filters by text in the kind, the task and the details, ignoring case', () => {
    expect(eventQuery(log(), { text: 'ALLOC_ANON', from: 0, to: 10 }).rows.map((r) => r.index)).toEqual([3]);
    expect(eventQuery(log(), { text: 'testf', from: 0, to: 10 }).total).toBe(2);
    expect(eventQuery(log(), { text: 'slub.', from: 1, to: 2 }).rows.map((r) => r.index)).toEqual([2]);
  });

  it('details print the payload, else a and b', () => {
    const l = log();
    expect(eventDetails(l, 3)).toBe('fn=alloc_anon_folio addr=0x00007f0000001000');
    expect(eventDetails(l, 0)).toBe('a=0 b=0');
  });

  it('facets list kinds by count, tasks and CPUs', () => {
    const f = eventFacets(log());
    expect(f.kinds[0]).toEqual({ kind: 'slub.alloc', count: 2 });
    expect(f.tasks).toEqual(['kunit_try_catch', 'swapper/0', 'testf']);
    expect(f.cpus).toEqual([0, 1]);
  });
});
