import { describe, expect, it } from 'vitest';
import type { EventQueryAnswer, EventQueryArgs } from '../../../worker/protocol.ts';
import { EventPages, eventTime, filterOf, PAGE, validAddr } from './eventsModel.ts';

function fakeLog(n: number, match: (i: number) => boolean = () => true) {
  const asked: EventQueryArgs[] = [];
  const fetch = async (a: EventQueryArgs): Promise<EventQueryAnswer> => {
    asked.push(a);
    const ids = Array.from({ length: n }, (_, i) => i).filter(match);
    const near = a.near === undefined ? -1 : ids.filter((i) => i <= a.near!).length - 1;
    return {
      total: ids.length,
      from: a.from,
      rows: ids.slice(a.from, a.to).map((i) => ({ index: i, kind: 'k', ns: i, step: 0, cpu: 0, task: 't', a: 0, b: 0, payload: null, details: '' })),
      near,
      nearEvent: near >= 0 ? ids[near]! : -1,
    };
  };
  return { asked, fetch };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('EventPages', () => {
  it('asks the page around the cursor with it, then only the pages scrolled to', async () => {
    const { asked, fetch } = fakeLog(1000);
    const p = new EventPages(fetch, () => {});
    p.follow('a', {}, 451);
    await tick();
    expect(asked.at(-1)).toMatchObject({ from: 2 * PAGE, to: 3 * PAGE, near: 450 });
    expect(p.total).toBe(1000);
    expect(p.near).toBe(450);
    expect(p.rows.get(450)?.index).toBe(450);
    p.ensure(380, 420);
    await tick();
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatchObject({ from: PAGE, to: 2 * PAGE });
    // nothing past the end
    p.ensure(990, 1100);
    await tick();
    expect(asked.map((a) => a.from)).toEqual([2 * PAGE, PAGE, 4 * PAGE]);
  });

  it('starts over for another filter and drops answers of the old one', async () => {
    const { fetch } = fakeLog(100, (i) => i % 10 === 0);
    const p = new EventPages(fetch, () => {});
    p.follow('all', {}, 50);
    p.follow('tens', { text: 'x' }, 56);
    await tick();
    expect(p.key).toBe('tens');
    expect(p.total).toBe(10);
    expect(p.near).toBe(5);
    expect(p.nearEvent).toBe(50);
    expect([...p.rows.keys()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('event list fields', () => {
  it('leaves empty filters out and checks addresses', () => {
    expect(filterOf({ kinds: [], task: '', cpu: null, addrFrom: ' ', addrTo: '', text: '' })).toEqual({});
    expect(filterOf({ kinds: ['slub.alloc'], task: 'kworker/0:1', cpu: 0, addrFrom: '0x10', addrTo: '0x20 ', text: ' fix ' })).toEqual({ kinds: ['slub.alloc'], task: 'kworker/0:1', cpu: 0, addrFrom: '0x10', addrTo: '0x20', text: 'fix' });
    expect(validAddr('0xffff888000002040')).toBe(true);
    expect(validAddr('ffff')).toBe(false);
    expect(eventTime(50_444_066_123)).toBe('50.444066');
  });
});
