import { describe, expect, it } from 'vitest';
import { bootSys } from './testing.ts';

describe('the boot lines of the machine (setup_arch(), mem_init())', () => {
  it('2.6.25 prints its own e820 map and Memory: line', () => {
    const log = bootSys({ kernel: '2.6.25', ramMiB: 256 }).log();
    const at = log.indexOf('BIOS-provided physical RAM map:');
    // e820_print_map(), arch/x86/kernel/e820_64.c 2.6.25: the end is exclusive
    expect(log.slice(at + 1, at + 4)).toEqual([
      ' BIOS-e820: 0000000000000000 - 000000000009fc00 (usable)',
      ' BIOS-e820: 000000000009fc00 - 00000000000a0000 (reserved)',
      ' BIOS-e820: 0000000000100000 - 0000000010000000 (usable)',
    ]);
    const mem = log.find((l) => l.startsWith('Memory: '))!;
    const m = /^Memory: (\d+)k\/(\d+)k available \((\d+)k kernel code, (\d+)k reserved, (\d+)k data, (\d+)k init\)$/.exec(mem);
    expect(m, mem).not.toBeNull();
    const [avail, total, , reserved] = m!.slice(1).map(Number) as [number, number, number, number];
    // end_pfn pages in all: what is free, reserved and the e820 hole add up to it
    expect(total).toBe(256 * 1024);
    expect(avail + reserved + (0x100 - 0x9f) * 4).toBe(total);
  });

  it('6.8 prints the [mem ...] map and the K line', () => {
    const log = bootSys({ kernel: '6.8' }).log();
    expect(log).toContain('BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable');
    expect(log).toContain('BIOS-e820: [mem 0x0000000000100000-0x000000000fffffff] usable');
    expect(log.find((l) => l.startsWith('Memory: '))).toMatch(/^Memory: \d+K\/\d+K available \(\d+K kernel code, \d+K rwdata, /);
  });

  it('names no simulator in the version line or the task lines, on any machine', () => {
    for (const o of [{ kernel: '2.6.25' }, { kernel: '5.10' }, { kernel: '5.14-rc1' }, { kernel: '5.15' }, { kernel: '5.19' }, { kernel: '6.8' }, { arch: 'arm64' }] as const) {
      const t = bootSys(o);
      const version = t.log().find((l) => l.startsWith('Linux version '))!;
      expect(version, JSON.stringify(o)).not.toMatch(/kernscope|sim\)/);
      expect(version).toMatch(/^Linux version \S+ \(\S+@\S+\) \(.*\) #\d+\S* SMP /);
    }
  });
});
