// The 6.9 arm64 layout of seed 001's QEMU virt guest.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../../scenario/parse.ts';
import { LAYOUT_ARM64_6_9_RC2, VMEMMAP_START_6_9 } from './memory.ts';

describe('arm64 6.9-rc2 (QEMU virt)', () => {
  it('puts the vmemmap where the seed\'s x27 (a struct page) points: a projection of the linear map', () => {
    expect(VMEMMAP_START_6_9).toBe(0xfffffdffc0000000n);
    // the seed's folio PTE (x23 0060000104a3afc3) and its struct page (x27 fffffdffc3128c00) name the same 64 KiB folio
    const linearIdx = (0x104a30000n - 0x40000000n) / 4096n;
    expect(VMEMMAP_START_6_9 + linearIdx * 64n).toBe(0xfffffdffc3128c00n);
  });

  it('has the image at the seed\'s KASLR address inside vmalloc, with RAM from 1 GiB', () => {
    const l = LAYOUT_ARM64_6_9_RC2;
    const text = l.startKernelMap + BigInt(l.physicalStart);
    expect(text).toBe(0xffffb03155a00000n);
    expect(text > l.vmallocStart && text < l.vmallocEnd).toBe(true);
    expect(l.vmallocStart).toBe(0xffff800080000000n);
    expect(l.physBase).toBe(0x40000000);
  });

  it('refuses the RK3399\'s Mali-T860 on the virt board', () => {
    const r = parseScenario(JSON.stringify({ format: 'kernscope/1', name: 'x', config: { machine: { arch: 'arm64', kernel: '6.9-rc2', gpu: 'Mali-T860' } }, steps: [] }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain('config.machine.gpu');
  });
});
