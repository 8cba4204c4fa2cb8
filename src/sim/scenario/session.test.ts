import { describe, expect, it } from 'vitest';
import { Session } from './session.ts';

function open(steps: unknown[], config: unknown = {}) {
  const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config, steps }));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

describe('Session', () => {
  it('stops at a runtime input error, keeps the events so far, and reports it', () => {
    const s = open([
      { op: 'kmem_cache_create', cache: 'c', size: 32 },
      { op: 'kmem_cache_alloc', cache: 'c', as: 'a' },
      { op: 'kmem_cache_destroy', cache: 'c' },
      { op: 'kmem_cache_alloc', cache: 'c', as: 'b' },
      { op: 'mark', label: 'never reached' },
    ]);
    expect(s.errors).toEqual([{ path: 'steps[3].cache', message: 'cache "c" was destroyed by an earlier step' }]);
    const r = s.report();
    expect(r.ok).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.findings.map((f) => f.kind)).toContain('slub.objects_remaining');
    // the timeline up to the error stays usable
    s.seek(0);
    s.seek(s.total);
    expect(s.runner.machine.stateHash()).toBe(r.stateHash);
  });

  it('unlocking a lock that was never initialised is an input error with its path, not a lockdep report', () => {
    const s = open([
      { op: 'lock_init', lock: 'a', type: 'spinlock' },
      { op: 'lock', lock: 'a', task: 't1' },
      { op: 'unlock', lock: 'b', task: 't1' },
    ]);
    expect(s.errors).toHaveLength(1);
    expect(s.errors[0]!.path).toBe('steps[2]');
    expect(s.errors[0]!.message).toMatch(/lock "b" was never initialised/);
    const r = s.report();
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(false);
  });

  it('an unmapped store oopses and the run goes on', () => {
    const s = open([
      { op: 'write', addr: '0x0000000000000010', bytes: [1], task: 'insmod' },
      { op: 'write', addr: '0xffffc90000001000', bytes: [1], task: 'insmod' },
      { op: 'mark', label: 'still running' },
      { op: 'expect', finding: 'mm.null_deref', count: 1 },
      { op: 'expect', finding: 'mm.paging_request', count: 1 },
    ]);
    const r = s.report();
    expect(r.ok).toBe(true);
    expect(r.dmesg).toContain('BUG: kernel NULL pointer dereference, address: 0000000000000010');
    expect(r.dmesg).toContain('BUG: unable to handle page fault for address: ffffc90000001000');
  });

  it('reports each expectation with its message and the report only up to --at', () => {
    // init_on_alloc zeroes the object, free pointer included
    const s = open([{ op: 'kmalloc', size: 8, as: 'a' }, { op: 'expect', finding: 'slub.double_free', none: true }, { op: 'expect_bytes', ptr: 'a', fill: 0, len: 8 }], { cmdline: 'init_on_alloc=1' });
    const r = s.report();
    expect(r.expectations).toEqual([
      { step: 1, pass: true, message: 'expected no slub.double_free finding, found 0' },
      { step: 2, pass: true, message: expect.stringMatching(/^8 bytes at 0xffff888[0-9a-f]{9} are 00 00 00 00 00 00 00 00$/) },
    ]);
    const early = s.report(3);
    expect(early.events).toBe(3);
    expect(early.expectations).toEqual([]);
  });

  it('applies overrides and rejects unknown patches', () => {
    const text = JSON.stringify({ format: 'kernscope/1', name: 't', steps: [] });
    const r = Session.open(text, { cmdline: 'slub_debug=P', patches: { bogus: true } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.path).toBe('--patch.bogus');
    const ok = Session.open(text, { cmdline: 'slub_debug=P' });
    expect(ok.ok && ok.session.report().dmesg).toContain('Kernel command line: slub_debug=P');
  });

  it('enforces the event limit with a clear message instead of running out of memory', () => {
    const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', steps: [{ op: 'repeat', times: 1000, steps: [{ op: 'mark', label: 'x' }] }] }), {}, 100);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.session.errors).toEqual([{ path: 'steps[0].steps[0]', message: 'event limit reached: a scenario may produce at most 100 events' }]);
    expect(r.session.total).toBe(100);
  });
});

describe('call sites', () => {
  const uaf = (caller?: string) => [
    { op: 'kmalloc', size: 100, as: 'p', ...(caller ? { caller } : {}) },
    { op: 'kfree', ptr: 'p', ...(caller ? { caller } : {}) },
    { op: 'write', ptr: 'p', offset: 8, bytes: [1] },
    { op: 'kmalloc', size: 100, as: 'q' },
  ];

  it("SLUB's tracks name the function the step names, with its module", () => {
    const d = open(uaf('mydrv_probe [mydrv]'), { cmdline: 'slub_debug=FZPU' }).report().dmesg;
    expect(d).toMatch(/Allocated in mydrv_probe\+0x[0-9a-f]+\/0x[0-9a-f]+ \[mydrv\] age=/);
    expect(d).toMatch(/Freed in mydrv_probe\+0x[0-9a-f]+\/0x[0-9a-f]+ \[mydrv\] age=/);
  });

  it('a step that names none runs as a test function named after its op; the dentry cache allocates from d_alloc', () => {
    const d = open(uaf(), { cmdline: 'slub_debug=FZPU' }).report().dmesg;
    expect(d).toMatch(/Allocated in test_kmalloc\+0x[0-9a-f]+\/0x[0-9a-f]+ age=/);
    expect(d).toMatch(/Freed in test_kfree\+0x[0-9a-f]+\/0x[0-9a-f]+ age=/);
    expect(d).not.toMatch(/kernscope_step|scenario_step/);
    const lk = open([{ op: 'lock_init', lock: 'a', type: 'mutex' }, { op: 'lock', lock: 'a' }, { op: 'lock', lock: 'a' }]).report().dmesg;
    expect(lk).toMatch(/at: test_lock\+0x[0-9a-f]+\/0x[0-9a-f]+/);
  });

  it('refuses a caller that is not a function name, at its path', () => {
    const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', steps: [{ op: 'kmalloc', size: 8, as: 'p', caller: 'not a function' }] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: 'steps[0].caller' });
  });
});
