// Kernel address layouts: which ranges hold valid kernel pointers. x86-64 2.6.x before 2.6.27
// (Documentation/x86_64/mm.txt of 2.6.25: direct map at 0xffff810000000000, vmalloc at
// 0xffffc20000000000, vmemmap at 0xffffe20000000000, kernel text at 0xffffffff80000000, modules at
// 0xffffffff88000000), x86-64 4-level from 2.6.27 (Documentation/arch/x86/x86_64/mm.rst: direct map
// at 0xffff888000000000, vmalloc 0xffffc90000000000, vmemmap 0xffffea0000000000, KASAN shadow,
// modules at 0xffffffffa0000000), arm64 with 48-bit VAs (linear map from 0xffff000000000000, the
// kernel image and vmalloc from 0xffff800000000000) and i386 (3G/1G split).

export type LayoutName = 'x86_64-2.6' | 'x86_64' | 'arm64' | 'i386';

export interface Region {
  name: string;
  start: bigint;
  end: bigint;
  /** Physical offset region without KASLR: the value minus start is a physical address, which must be < RAM. */
  linear?: true;
}

export interface Layout {
  name: LayoutName;
  label: string;
  regions: Region[];
  /** Pointers are this many bytes wide. */
  width: 4 | 8;
}

const r = (name: string, start: bigint, end: bigint, linear?: true): Region => (linear ? { name, start, end, linear } : { name, start, end });

export const LAYOUTS: Record<LayoutName, Layout> = {
  'x86_64-2.6': {
    name: 'x86_64-2.6',
    label: 'x86-64 2.6.x',
    width: 8,
    regions: [
      r('direct map', 0xffff810000000000n, 0xffffc0ffffffffffn, true),
      r('vmalloc', 0xffffc20000000000n, 0xffffe1ffffffffffn),
      r('vmemmap', 0xffffe20000000000n, 0xffffe2ffffffffffn),
      r('kernel text', 0xffffffff80000000n, 0xffffffff87ffffffn),
      r('modules', 0xffffffff88000000n, 0xfffffffffff00000n),
    ],
  },
  x86_64: {
    name: 'x86_64',
    label: 'x86-64',
    width: 8,
    regions: [
      r('direct map', 0xffff880000000000n, 0xffffc87fffffffffn),
      r('vmalloc', 0xffffc90000000000n, 0xffffe8ffffffffffn),
      r('vmemmap', 0xffffea0000000000n, 0xffffeaffffffffffn),
      r('KASAN shadow', 0xffffec0000000000n, 0xfffffbffffffffffn),
      r('cpu entry area', 0xfffffe0000000000n, 0xfffffe7fffffffffn),
      r('kernel text', 0xffffffff80000000n, 0xffffffff9fffffffn),
      r('modules', 0xffffffffa0000000n, 0xfffffffffeffffffn),
    ],
  },
  arm64: {
    name: 'arm64',
    label: 'arm64 (48-bit VA)',
    width: 8,
    regions: [
      r('linear map', 0xffff000000000000n, 0xffff7fffffffffffn),
      r('kernel/vmalloc', 0xffff800000000000n, 0xfffffbffffffffffn),
      r('vmemmap', 0xfffffc0000000000n, 0xfffffdffffffffffn),
    ],
  },
  i386: {
    name: 'i386',
    label: 'i386 (3G/1G)',
    width: 4,
    regions: [r('lowmem', 0xc0000000n, 0xf7ffffffn, true), r('vmalloc', 0xf8000000n, 0xff7fffffn)],
  },
};

export function regionOf(layout: Layout, v: bigint): Region | null {
  for (const reg of layout.regions) if (v >= reg.start && v <= reg.end) return reg;
  return null;
}

/** The layout a report's values and registers belong to. */
export function detectLayout(values: readonly string[], registerNames: readonly string[], kernel: string | undefined): Layout {
  if (registerNames.some((n) => /^x\d{1,2}$/.test(n)) || registerNames.includes('pstate')) return LAYOUTS.arm64;
  if (registerNames.some((n) => /^E[A-Z]{2}$/.test(n)) && !registerNames.some((n) => /^R[A-Z0-9]{1,2}$/.test(n))) return LAYOUTS.i386;
  const m = kernel !== undefined ? /^2\.6\.(\d+)/.exec(kernel) : null;
  if (m !== null && Number(m[1]) < 27) return LAYOUTS['x86_64-2.6'];
  if (values.some((v) => /^(?:0x)?ffff81[0-9a-f]{10}$/.test(v))) return LAYOUTS['x86_64-2.6'];
  if (values.some((v) => /^(?:0x)?ffff[0-7][0-9a-f]{11}$/.test(v)) && !values.some((v) => /^(?:0x)?ffff8[89a-f]/.test(v))) return LAYOUTS.arm64;
  if (values.length > 0 && values.every((v) => v.replace(/^0x/, '').length <= 8)) return LAYOUTS.i386;
  return LAYOUTS.x86_64;
}
