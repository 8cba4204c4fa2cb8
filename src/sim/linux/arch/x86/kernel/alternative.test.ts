import { describe, expect, it } from 'vitest';
import { frameHistory } from '../../../../views/frame_history.ts';
import { PAGE_SIZE } from '../../../include/linux/mm_types.ts';
import { bootSys } from '../../../../machine/testing.ts';
import { TaskDied } from './dumpstack.ts';

function ath5k(sys: ReturnType<typeof bootSys>['sys'], sites = [0x1c4, 0x7f3]) {
  const m = sys.modules.load('ath5k', 65536, sites);
  if ('error' in m) throw new Error(m.error);
  return m;
}

describe('text_poke() and the SMP alternatives switch (arch/x86/kernel/alternative.c 2.6.25)', () => {
  it('sends a module site through virt_to_page(): the byte lands at site - __START_KERNEL_map', () => {
    const t = bootSys();
    const m = ath5k(t.sys);
    const site = m.base + 0x1c4n;
    const target = t.sys.alt.pokeTarget(site);
    expect(target.viaVirtToPage).toBe(true);
    expect(target.actual).toBe(Number(site - 0xffffffff80000000n));
    expect(target.intended).toBe(t.sys.vmalloc.vmallocToPhys(site));
    // a user page that happens to sit there
    const pfn = Math.floor(target.actual! / PAGE_SIZE);
    t.sys.k.memWrite(target.actual!, new Uint8Array([0x22]), 'user: testf (stores of the program)');
    const from = t.mark();
    expect(t.sys.cpus.cpuDown(1)).toBe(0);
    expect(t.log(from)).toEqual(['CPU 1 is now offline', 'lockdep: fixing up alternatives.', 'SMP alternatives: switching to UP code']);
    expect(t.sys.k.mem.readByte(target.actual!)).toBe(0x90);
    t.sys.cpus.cpuUp(1);
    expect(t.sys.k.mem.readByte(target.actual!)).toBe(0xf0);
    // the module's own text never changed
    expect(t.sys.k.mem.readByte(target.intended)).toBe(0xf0);
    const stray = t.rec.findings.filter((f) => f.kind === 'mm.stray_write' && f.fields.site === `0x${site.toString(16)}`);
    expect(stray.map((f) => f.fields.pattern)).toEqual(['0x90', '0xf0']);
    expect(stray[0]!.title).toBe(`text_poke wrote 0x90 into frame 0x${pfn.toString(16)} (${t.sys.k.pages.ownerName(t.sys.k.pages.owner(pfn))}) for site 0x${site.toString(16)} in ath5k`);
    // the frame's history: 22 -> 90 -> f0, each by text_poke
    const h = frameHistory(t.rec, t.rec.pos, pfn).filter((w) => w.offset === target.actual! % PAGE_SIZE && w.len === 1);
    expect(h.map((w) => [w.old, w.new])).toEqual([[undefined, undefined], [0x22, 0x90], [0x90, 0xf0]]);
    expect(h[1]!.writer).toBe(`text_poke from alternatives_smp_unlock, site 0x${site.toString(16)} in ath5k`);
  });

  it('with text_poke_core_kernel_text writes module sites through their own mapping', () => {
    const t = bootSys({ patches: { text_poke_core_kernel_text: true } });
    const m = ath5k(t.sys);
    const site = m.base + 0x1c4n;
    const target = t.sys.alt.pokeTarget(site);
    expect(target.viaVirtToPage).toBe(false);
    expect(target.actual).toBe(target.intended);
    t.sys.cpus.cpuDown(1);
    expect(t.sys.k.mem.readByte(target.intended)).toBe(0x90);
    t.sys.cpus.cpuUp(1);
    expect(t.sys.k.mem.readByte(target.intended)).toBe(0xf0);
    expect(t.rec.findings.filter((f) => f.kind === 'mm.stray_write')).toEqual([]);
    // core kernel sites still take the virt_to_page() path, correctly
    const core = t.sys.alt.sitesOf({ module: null })[0]!;
    expect(t.sys.alt.pokeTarget(core)).toMatchObject({ viaVirtToPage: true, actual: Number(core - 0xffffffff80000000n) });
  });

  it('with text_poke_reserved_check warns in the 2.6.25 layout for pages that are not PageReserved', () => {
    const t = bootSys({ patches: { text_poke_reserved_check: true } });
    ath5k(t.sys, [0x1c4]);
    const from = t.mark();
    t.sys.cpus.cpuDown(1);
    const log = t.log(from);
    const i = log.indexOf('------------[ cut here ]------------');
    expect(log[i + 1]).toMatch(/^WARNING: at arch\/x86\/kernel\/alternative\.c:524 text_poke\+0x[0-9a-f]+\/0x[0-9a-f]+\(\)$/);
    expect(log[i + 2]).toBe('Modules linked in: ath5k');
    expect(log[i + 3]).toMatch(/^Pid: \d+, comm: swapper\/0 Not tainted 2\.6\.25 #401$/);
    expect(log[i + 5]).toBe('Call Trace:');
    expect(log[i + 6]).toMatch(/^ \[<ffffffff[0-9a-f]{8}>\] warn_on_slowpath\+0x5f\/0x90$/);
    expect(log[i + 7]).toMatch(/text_poke\+0x/);
    expect(log[i + 8]).toMatch(/alternatives_smp_unlock\+0x/);
    expect(log).toContainEqual(expect.stringMatching(/^---\[ end trace [0-9a-f]{16} \]---$/));
    expect(t.rec.findings.filter((f) => f.kind === 'kernel.warn')).toHaveLength(2);
    // a WARN does not stop the store
    expect(t.rec.findings.filter((f) => f.kind === 'mm.stray_write')).toHaveLength(1);
  });

  it('with CONFIG_DEBUG_VIRTUAL stops at the first module site: kernel BUG in __phys_addr()', () => {
    const t = bootSys({ kconfig: { CONFIG_DEBUG_VIRTUAL: true } });
    ath5k(t.sys);
    const from = t.mark();
    t.rec.ctx.task = 'bash';
    expect(() => t.sys.cpus.cpuDown(1)).toThrow(TaskDied);
    const log = t.log(from);
    expect(log.slice(3, 6)).toEqual(['------------[ cut here ]------------', 'kernel BUG at arch/x86/mm/ioremap.c:35!', 'invalid opcode: 0000 [1] SMP']);
    expect(log).toContainEqual(expect.stringMatching(/^RIP: 0010:\[<ffffffff[0-9a-f]{8}>\]  \[<ffffffff[0-9a-f]{8}>\] __phys_addr\+0x31\/0x[0-9a-f]+$/));
    expect(t.rec.findings.map((f) => f.kind)).toEqual(['mm.virtual_bug']);
  });

  it('6.8 neither switches to UP code on hotplug nor writes astray', () => {
    const t = bootSys({ kernel: '6.8' });
    ath5k(t.sys);
    const from = t.mark();
    t.sys.cpus.cpuDown(1);
    t.sys.cpus.cpuUp(1);
    expect(t.log(from)).toEqual(['smpboot: CPU 1 is now offline', 'smpboot: Booting Node 0 Processor 1 APIC 0x1']);
    expect(t.rec.findings).toEqual([]);
  });
});
