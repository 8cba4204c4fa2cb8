import { describe, expect, it } from 'vitest';
import { parsePrefixes } from './prefix.ts';
import { Unwrapper } from './unwrap.ts';

function unwrap(text: string): string[] {
  const out: string[] = [];
  const u = new Unwrapper((l) => out.push(l.first === l.last ? l.text : `${l.first}-${l.last}: ${l.text}`));
  text.split('\n').forEach((s, i) => u.push(parsePrefixes(s, i + 1, false)));
  u.end();
  return out;
}

describe('Unwrapper', () => {
  it('rejoins dmesg lines a mail client wrapped (seed 001)', () => {
    expect(unwrap('> [   50.446684] singlethread/102 is trying to release lock\n> (ptlock_ptr(ptdesc)) at:\n> [   50.447635] [<ffffb03155fe302c>]\n> madvise_cold_or_pageout_pte_range+0x80c/0xea0')).toEqual([
      '1-2: singlethread/102 is trying to release lock (ptlock_ptr(ptdesc)) at:',
      '3-4: [<ffffb03155fe302c>] madvise_cold_or_pageout_pte_range+0x80c/0xea0',
    ]);
  });

  it('rejoins journal lines, inside a word at "-" too (seed 000)', () => {
    expect(unwrap('gen 24 17:37:22 debian kernel: Command line: BOOT_IMAGE=/boot/vmlinuz-5.10.87-\ndbg-timeout root=UUID=d4c01dd6')).toEqual(['1-2: Command line: BOOT_IMAGE=/boot/vmlinuz-5.10.87-dbg-timeout root=UUID=d4c01dd6']);
  });

  it('rejoins ftrace lines broken after their header or inside an offset', () => {
    expect(unwrap('  kworker/u4:11-2068 [000] d..2 210.090147: probe1: (nouveau_bo_move+0x39c/\n0x740 [nouveau] <- nouveau_bo_move_m2mf.constprop.0) arg1=0xfffffff0 ')).toEqual([
      '1-2:   kworker/u4:11-2068 [000] d..2 210.090147: probe1: (nouveau_bo_move+0x39c/0x740 [nouveau] <- nouveau_bo_move_m2mf.constprop.0) arg1=0xfffffff0 ',
    ]);
  });

  it('rejoins a hex dump row cut before its 16th byte (seed 002)', () => {
    expect(unwrap('Padding 0xffff8100201a0000:  6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b\n6b 6b kkkkkkkkkkkkkkkk')).toEqual(['1-2: Padding 0xffff8100201a0000:  6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b kkkkkkkkkkkkkkkk']);
  });

  it('leaves short lines, complete frames, prose after a cut and other quote depths alone', () => {
    expect(unwrap('[ 1.0] short\nnext')).toEqual(['short', 'next']);
    expect(unwrap('[  709.881810]  [<ffffffff8160eed1>] bpf_map_free_deferred+0xb1/0xe0\nexecuting program')).toEqual([' [<ffffffff8160eed1>] bpf_map_free_deferred+0xb1/0xe0', 'executing program']);
    expect(unwrap('[12844.066873] R13: ffff810064c5dd08 R14: 000000005b3d8b1c ...\nFrom: Rafael J. Wysocki')).toHaveLength(2);
    expect(unwrap('> [   50.446684] singlethread/102 is trying to release lock\n(ptlock_ptr(ptdesc)) at:')).toHaveLength(2);
  });
});
