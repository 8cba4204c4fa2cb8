import { describe, expect, it } from 'vitest';
import { importText } from '../importer.ts';
import { errnoOf } from './events.ts';

describe('ftrace import', () => {
  it('reads function_graph from the tracing directory into events and a profile with the call order', () => {
    const r = importText(['# tracer: function_graph', '#', '# CPU  DURATION                  FUNCTION CALLS', ' 1)               |  ttm_bo_evict() {', ' 1)   0.870 us    |    ttm_bo_wait();', ' 1) ! 115.343 us  |  }', ' 1)   1.000 ms    |  ttm_bo_wait();'].join('\n'));
    expect(r.events.map((e) => [e.kind, e.fn, e.depth, e.duration])).toEqual([
      ['entry', 'ttm_bo_evict', 0, undefined],
      ['call', 'ttm_bo_wait', 1, 0.87],
      ['exit', 'ttm_bo_evict', 0, 115.343],
      ['call', 'ttm_bo_wait', 0, 1000],
    ]);
    const p = r.profiles[0]!;
    expect(p.entries).toEqual([
      { fn: 'ttm_bo_wait', hits: 2, time: 1000.87, avg: 500.435 },
      { fn: 'ttm_bo_evict', hits: 1, time: 115.343, avg: 115.343 },
    ]);
    expect(p.calls).toEqual([
      { fn: 'ttm_bo_evict', depth: 0 },
      { fn: 'ttm_bo_wait', depth: 1 },
      { fn: 'ttm_bo_wait', depth: 0 },
    ]);
  });

  it('reads trace-cmd report funcgraph lines, also when a mail client broke them', () => {
    const r = importText(['      irq/68-dwc3-946   [000]   524.263731: funcgraph_entry:      + ', '11.640 us  |  gether_disconnect();', '  a.out-4877  [000]  1485.266106: funcgraph_entry: |  madvise_cold() {', '  a.out-4877  [000]  1485.266200: funcgraph_exit:       ! 120.5 us |  }'].join('\n'));
    expect(r.events.map((e) => [e.kind, e.fn, e.task, e.pid, e.cpu, e.duration])).toEqual([
      ['call', 'gether_disconnect', 'irq/68-dwc3', 946, 0, 11.64],
      ['entry', 'madvise_cold', 'a.out', 4877, 0, undefined],
      ['exit', 'madvise_cold', 'a.out', 4877, 0, 120.5],
    ]);
  });

  it('reads function tracer lines, kprobes with their stack and kretprobes with error codes', () => {
    const r = importText([
      '  bash-1234  [001] ....  10.000001: do_sys_open <-__x64_sys_openat',
      '    kworker/u4:9-4234    [001] ....  1317.593113: ttm_resource_manager_force_list_clean: (ttm_resource_manager_force_list_clean+0x0/0x1d0 [ttm])',
      '    kworker/u4:9-4234    [001] ....  1317.593126: <stack trace>',
      ' => ttm_resource_manager_force_list_clean',
      ' => nouveau_do_suspend',
      '  kworker/u4:11-2068 [000] d..2 210.090141: probe4: (ttm_bo_move_accel_cleanup+0x1ba/0x510 [ttm] <- ttm_bo_wait) arg1=0xfffffff0',
    ].join('\n'));
    expect(r.events).toEqual([
      { line: 1, ts: 10.000001, cpu: 1, task: 'bash', pid: 1234, kind: 'function', fn: 'do_sys_open', caller: '__x64_sys_openat' },
      { line: 2, ts: 1317.593113, cpu: 1, task: 'kworker/u4:9', pid: 4234, kind: 'kprobe', fn: 'ttm_resource_manager_force_list_clean', probe: 'ttm_resource_manager_force_list_clean', stack: ['ttm_resource_manager_force_list_clean', 'nouveau_do_suspend'] },
      { line: 6, ts: 210.090141, cpu: 0, task: 'kworker/u4:11', pid: 2068, kind: 'kretprobe', fn: 'ttm_bo_wait', caller: 'ttm_bo_move_accel_cleanup+0x1ba/0x510', probe: 'probe4', args: 'arg1=0xfffffff0', errno: '-EBUSY' },
    ]);
    expect(errnoOf('arg1=0xffffffea')).toBe('-EINVAL');
    expect(errnoOf('arg1=0x10')).toBeUndefined();
  });

  it('reads trace_stat/function tables, one profile per table, and diffs two', () => {
    const table = (hits: number) => ['  Function                               Hit    Time            Avg             s^2', '  --------                               ---    ----            ---             ---', `  schedule                             ${hits}    1994458706 us     86931.03 us     40158.74 us`, `  do_syscall_64                          283    121131849 us     428027.7 us     215357344 us`];
    const r = importText(['==> trace_stat/function0 <==', ...table(22943), '', '==> trace_stat/function1 <==', ...table(212)].join('\n'));
    expect(r.profiles.map((p) => p.entries.map((e) => [e.fn, e.hits, e.time]))).toEqual([
      [['schedule', 22943, 1994458706], ['do_syscall_64', 283, 121131849]],
      [['schedule', 212, 1994458706], ['do_syscall_64', 283, 121131849]],
    ]);
    expect(r.profiles[0]!.entries[0]).toMatchObject({ avg: 86931.03, s2: 40158.74 });
    expect(r.profileDiff!.rows[0]).toMatchObject({ fn: 'schedule', dHits: 212 - 22943 });
  });
});
