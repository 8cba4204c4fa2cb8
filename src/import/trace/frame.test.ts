import { describe, expect, it } from 'vitest';
import { baseName, findSymbol, formatFrame, parseFrameLine } from './frame.ts';

describe('parseFrameLine', () => {
  it('reads the layouts of every era', () => {
    expect(parseFrameLine(' madvise_cold_or_pageout_pte_range+0x80c/0xea0')).toEqual({ fn: 'madvise_cold_or_pageout_pte_range', off: '0x80c', size: '0xea0' });
    expect(parseFrameLine(' ? do_raw_spin_lock+0x1aa/0x1e0')).toMatchObject({ fn: 'do_raw_spin_lock', unreliable: true });
    expect(parseFrameLine(' fzap_length+0x85/0xf0 [zfs]')).toMatchObject({ fn: 'fzap_length', module: 'zfs' });
    expect(parseFrameLine('  [<ffffffff802a1e85>] do_lookup+0x35/0x220')).toEqual({ fn: 'do_lookup', off: '0x35', size: '0x220', addr: '0xffffffff802a1e85' });
    // 2.6.25 with decimal kallsyms in front, and its module frames
    expect(parseFrameLine('  [device_pm_add+24/240] ? device_pm_add+0x18/0xf0')).toMatchObject({ fn: 'device_pm_add', off: '0x18', unreliable: true });
    expect(parseFrameLine('  [_end+510110570/2109230024] :mmc_core:mmc_add_card+0xa2/0x140')).toMatchObject({ fn: 'mmc_add_card', module: 'mmc_core' });
    // ARM
    expect(parseFrameLine('[<808ea9f4>] (gsmld_receive_buf) from [<808dcfac>] (tty_ioctl+0x7b4/0xa6c)')).toEqual({ fn: 'gsmld_receive_buf' });
    // 4.x interrupt marker in front of the frame, ftrace stacks, syzbot's symbolized frames
    expect(parseFrameLine(' <IRQ>  [<ffffffff813a0886>] _sched_show_task+0x2a6/0x4f0')).toMatchObject({ fn: '_sched_show_task' });
    expect(parseFrameLine(' => nouveau_do_suspend')).toEqual({ fn: 'nouveau_do_suspend' });
    expect(parseFrameLine(' __list_del_entry_valid+0x46/0xa0 lib/list_debug.c:45')).toMatchObject({ fn: '__list_del_entry_valid', src: 'lib/list_debug.c:45' });
    expect(parseFrameLine(' print_report mm/kasan/report.c:475 [inline]')).toEqual({ fn: 'print_report', inline: true, src: 'mm/kasan/report.c:475' });
  });

  it('rejects lines that merely contain a symbol', () => {
    expect(parseFrameLine('RIP: 0010:__d_lookup+0xf1/0x117')).toBeNull();
    expect(parseFrameLine('hardirqs last  enabled at (3087): [<ffffb031570d89d8>] _raw_spin_unlock_irq+0x38/0x90')).toBeNull();
    expect(parseFrameLine('WARNING: at drivers/base/power/main.c:78 device_pm_add+0x6c/0xf0()')).toBeNull();
  });
});

describe('findSymbol / baseName / formatFrame', () => {
  it('finds the symbol of RIP and IP lines', () => {
    expect(findSymbol('RIP: 0010:[<ffffffff802a7b3c>]  [<ffffffff802a7b3c>] __d_lookup+0xf1/0x117')).toMatchObject({ fn: '__d_lookup', off: '0xf1' });
    expect(findSymbol('IP: [d_free+24/128] d_free+0x18/0x80')).toMatchObject({ fn: 'd_free', off: '0x18' });
    expect(findSymbol('RIP: e030:xen_hypercall_sched_op+0xa/0x20')).toMatchObject({ fn: 'xen_hypercall_sched_op' });
  });

  it('drops compiler suffixes and prints frames like the kernel', () => {
    expect(baseName('do_madvise.part.0')).toBe('do_madvise');
    expect(formatFrame({ fn: 'ttm_bo_evict', off: '0x1', size: '0x2', module: 'ttm' })).toBe('ttm_bo_evict+0x1/0x2 [ttm]');
  });
});
