// A task that dies in an oops keeps what it held: the machine after an oops (kernel/exit.c, hung_task.c, watchdog.c).
import { describe, expect, it } from 'vitest';
import { Session } from '../../scenario/session.ts';

function run(steps: unknown[], config: unknown = {}) {
  const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config, steps }));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session.report();
}

const locks = [
  { op: 'lock_init', lock: 'm', type: 'mutex', class: '&dev->mutex' },
  { op: 'lock_init', lock: 's', type: 'spinlock', class: '&dev->lock' },
];

describe('the machine after an oops', () => {
  it('a mutex held by a task that oopsed stays held: the next taker hangs and khungtaskd says so', () => {
    const r = run([...locks, { op: 'lock', lock: 'm', task: 'a' }, { op: 'read', len: 8, addr: '0x10', task: 'a' }, { op: 'lock', lock: 'm', task: 'b', cpu: 1 }]);
    const d = r.dmesg;
    expect(d).toMatch(/INFO: task b:102 blocked for more than 120 seconds\.\n.*\n.*"echo 0 > \/proc\/sys\/kernel\/hung_task_timeout_secs" disables this message\.\n.*task:b {15}state:D stack:0 +pid:102 /);
    expect(d).toMatch(/ __mutex_lock\+0x[0-9a-f]+\/0x[0-9a-f]+\n.* mutex_lock_nested\+/);
    expect(r.findings.map((f) => f.kind)).toEqual(['mm.null_deref', 'sched.hung_task']);
    expect(r.findings[1]).toMatchObject({ task: 'b', waiting_for: '&dev->mutex held by a/101, which died' });
  });

  it('the hung task runs no more steps: a later step of it is refused with its path', () => {
    const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', steps: [...locks, { op: 'lock', lock: 'm', task: 'a' }, { op: 'read', len: 8, addr: '0x10', task: 'a' }, { op: 'lock', lock: 'm', task: 'b' }, { op: 'unlock', lock: 'm', task: 'b' }] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.session.errors).toEqual([{ path: 'steps[5].task', message: expect.stringMatching(/^task b\/102 is blocked since event \d+ on &dev->mutex held by a\/101, which died: it runs no more steps/) }]);
  });

  it('a spinlock held by a dead task: the next taker spins and the soft-lockup detector reports the CPU', () => {
    const r = run([...locks, { op: 'lock', lock: 's', task: 'a' }, { op: 'read', len: 8, addr: '0x10', task: 'a' }, { op: 'lock', lock: 's', task: 'b', cpu: 1 }]);
    expect(r.dmesg).toContain('note: a[101] exited with preempt_count 1');
    expect(r.dmesg).toContain('watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [b:102]');
    expect(r.dmesg).toMatch(/CPU: 1 PID: 102 Comm: b Tainted: G {6}D {12}6\.8\.12-amd64/);
    expect(r.findings.map((f) => f.kind)).toEqual(['mm.null_deref', 'watchdog.soft_lockup']);
  });

  it('the dead task is gone: a later step with its name is a new task with a new pid', () => {
    const r = run([{ op: 'read', len: 8, addr: '0x10', task: 'a' }, { op: 'read', len: 8, addr: '0x20', task: 'a' }]);
    expect(r.dmesg).toContain('CPU: 0 PID: 100 Comm: a Not tainted');
    expect(r.dmesg).toMatch(/CPU: 0 PID: 101 Comm: a Tainted: G {6}D/);
  });

  it('an oops in the idle task panics the kernel; nothing runs after it, expectations still do', () => {
    const s = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', steps: [{ op: 'read', len: 8, addr: '0x10', task: 'swapper/0' }, { op: 'expect', finding: 'kernel.panic', count: 1 }, { op: 'kmalloc', size: 8, as: 'p' }] }));
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    const r = s.session.report();
    expect(r.dmesg).toContain('Kernel panic - not syncing: Attempted to kill the idle task!');
    expect(r.dmesg).toContain('---[ end Kernel panic - not syncing: Attempted to kill the idle task! ]---');
    expect(r.expectations).toEqual([{ step: 1, pass: true, message: 'expected 1 × kernel.panic finding, found 1' }]);
    expect(r.errors).toEqual([{ path: 'steps[2]', message: 'the kernel panicked ("Attempted to kill the idle task!"): no step runs after a panic' }]);
  });

  it('2.6.25 prints its own hung-task layout', () => {
    const r = run([...locks, { op: 'lock', lock: 'm', task: 'a' }, { op: 'read', len: 8, addr: '0x10', task: 'a' }, { op: 'lock', lock: 'm', task: 'b' }], { machine: { kernel: '2.6.25' } });
    expect(r.dmesg).toMatch(/INFO: task b:102 blocked for more than 120 seconds\.\n.*"echo 0 > \/proc\/sys\/kernel\/hung_task_timeout_secs" disables this message\.\n.*b {13}D [0-9a-f]{16} {5}0 {3}102 {6}1\n.*Call Trace:/);
  });
});
