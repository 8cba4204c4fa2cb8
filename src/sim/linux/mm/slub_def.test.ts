// mm/slub.c 2.6.25's function names in SLUB's call traces (slubFn()).
import { describe, expect, it } from 'vitest';
import { Session } from '../../scenario/session.ts';

function dmesg(kernel: string, steps: unknown[]): string {
  const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config: { machine: { kernel }, cmdline: 'slub_debug=FZPU' }, steps }));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session.report().dmesg;
}

/** The function names of the "Call Trace:" lines after the first line containing `after`. */
function traceNames(text: string, after: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/^\[[\s\d.]+\] /, ''));
  const s = lines.findIndex((l) => l.includes(after));
  const t = lines.indexOf('Call Trace:', s);
  const out: string[] = [];
  for (let i = t + 1; i < lines.length; i++) {
    if (lines[i] === ' <TASK>') continue;
    const m = /^ (?:\[<[0-9a-f]+>\] )?(?:\? )?([\w.:]+)\+0x/.exec(lines[i]!);
    if (!m) break;
    out.push(m[1]!);
  }
  return out;
}

const cache = { op: 'kmem_cache_create', cache: 'T', size: 64, flags: ['SLAB_RED_ZONE', 'SLAB_POISON'] };
// a free object's poison clobbered, then the next allocation's alloc_debug_processing() finds it
const allocSteps = [cache, { op: 'kmem_cache_alloc', cache: 'T', as: 'a' }, { op: 'kmem_cache_free', ptr: 'a' }, { op: 'write', ptr: 'a', offset: 8, bytes: [0] }, { op: 'kmem_cache_alloc', cache: 'T', as: 'b' }];
// a red zone clobbered while allocated, then free_debug_processing() finds it
const freeSteps = [cache, { op: 'kmem_cache_alloc', cache: 'T', as: 'a' }, { op: 'write', ptr: 'a', offset: 64, bytes: [0x12] }, { op: 'kmem_cache_free', ptr: 'a' }];

describe('SLUB call traces name the machine\'s own mm/slub.c functions', () => {
  it('2.6.25: an allocation reports from __slab_alloc() (no ___slab_alloc or alloc_single_from_partial)', () => {
    const names = traceNames(dmesg('2.6.25', allocSteps), 'Poison overwritten');
    expect(names).toContain('__slab_alloc');
    expect(names).toContain('kmem_cache_alloc');
    expect(names.filter((n) => ['___slab_alloc', 'alloc_single_from_partial', 'alloc_single_from_new_slab'].includes(n))).toEqual([]);
  });

  it('2.6.25: a free reports from __slab_free() (no free_to_partial_list)', () => {
    const names = traceNames(dmesg('2.6.25', freeSteps), 'Redzone overwritten');
    expect(names).toContain('__slab_free');
    expect(names).toContain('kmem_cache_free');
    expect(names).not.toContain('free_to_partial_list');
  });

  it('6.8 keeps its own names', () => {
    expect(traceNames(dmesg('6.8', allocSteps), 'Poison overwritten')).toContain('alloc_single_from_partial');
    expect(traceNames(dmesg('6.8', freeSteps), 'Redzone overwritten')).toContain('free_to_partial_list');
  });
});
