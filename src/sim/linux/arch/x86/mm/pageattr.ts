// The kernel's page tables, as far as kernscope needs them: which frame backs a kernel virtual
// address (lookup_address(), arch/x86/mm/pageattr.c) and what dump_pagetable() prints for one
// that nothing backs (arch/x86/mm/fault.c, 2.6.25 and 6.8).
import { kernelSince } from '../../../include/generated/uapi/linux/version.ts';
import type { Deps } from '../../../../machine/modules.ts';
import { inAddressRange } from '../../../../machine/layout.ts';

export type MappingKind = 'direct' | 'kernel' | 'vmalloc' | 'module' | 'user';

export interface Mapping {
  kind: MappingKind;
  /** Physical address of the byte. */
  phys: number;
}

// lookup_address(), arch/x86/mm/pageattr.c: the frame behind a kernel address, or null (not present).
// The regions come from the machine's layout, so the walk holds for arm64's too (where the image sits
// inside the vmalloc area, above the modules, and every address outside the two halves faults).
export function lookupAddress(sys: Deps<'vmalloc' | 'user'>, va: bigint): Mapping | null {
  const k = sys.k;
  const l = k.layout;
  const x = BigInt.asUintN(64, va);
  if (!inAddressRange(l, x)) return null;
  if (x >= l.pageOffset && x < l.pageOffset + BigInt(k.ramBytes)) return { kind: 'direct', phys: Number(x - l.pageOffset) };
  // the kernel image mapping: _text to _end (cleanup_highmap() dropped the rest)
  const img = x - l.startKernelMap;
  if (x >= l.startKernelMap && img >= BigInt(l.physicalStart) && img < BigInt(k.imageEnd)) return { kind: 'kernel', phys: Number(img) };
  if (x >= l.vmallocStart && x <= l.vmallocEnd) {
    const phys = sys.vmalloc.vmallocToPhys(x);
    return phys === null ? null : { kind: 'vmalloc', phys };
  }
  if (x >= l.modulesVaddr && x < l.modulesEnd) {
    const phys = sys.vmalloc.vmallocToPhys(x);
    return phys === null ? null : { kind: 'module', phys };
  }
  if (x < l.userEnd) {
    const phys = sys.user.userVirtToPhys(k.rec.ctx.task, x);
    return phys === null ? null : { kind: 'user', phys };
  }
  return null;
}

function h(v: number): string {
  return v.toString(16);
}

// dump_pagetable(), arch/x86/mm/fault.c 2.6.25 ("PGD .. PUD .. PMD .. PTE ..") / 6.8 (with P4D)
export function dumpPagetable(sys: Deps<'vmalloc' | 'user'>, va: bigint): string {
  const k = sys.k;
  const l = k.layout;
  const v68 = kernelSince(l.kernel, '2.6.26');
  const x = BigInt.asUintN(64, va);
  const p4d = (s: string): string => (v68 ? `${s} P4D ${s.slice(4)}` : s);
  const pgdIdx = Number((x >> 39n) & 511n);
  const pudIdx = Number((x >> 30n) & 511n);
  const pmdIdx = Number((x >> 21n) & 511n);
  // user space: present when the current task has a mm with something mapped
  if (x < 0x0000800000000000n) {
    if (!sys.user.hasMm(k.rec.ctx.task)) return p4d('PGD 0') + ' ';
    const base = 0x4510b000 + (pgdIdx << 12);
    return `${p4d(`PGD ${h(base + 0x67)}`)} PUD ${h(0x6768d067 + (pudIdx << 12))} PMD 0 `;
  }
  const dmSlot = Number((l.pageOffset >> 39n) & 511n);
  const ramGb = Math.ceil(k.ramBytes / 2 ** 30);
  if (pgdIdx === dmSlot) {
    // the direct map: 1 GB PUDs of 2 MB PMDs up to the end of RAM
    if (pudIdx >= ramGb) return `${p4d(`PGD ${v68 ? '2a01067' : '8063'}`)} PUD 0 `;
    return `${p4d(`PGD ${v68 ? '2a01067' : '8063'}`)} PUD ${v68 ? '2a02067' : '9063'} PMD 0 `;
  }
  if (pgdIdx === 511) {
    const pgd = p4d(`PGD ${v68 ? '2c15067' : '203067'}`);
    if (pudIdx === 511 && !v68) return `${pgd} PUD 204067 PMD 0 `;
    if (x >= l.modulesVaddr && x < l.modulesEnd && sys.vmalloc.pmdPopulated(x)) {
      const pmd = 0x7a0b9000 + ((pmdIdx & 0xff) << 12);
      return `${pgd} PUD ${v68 ? '2c17067' : '205063'} PMD ${h(pmd + 0x67)} PTE 0`;
    }
    return `${pgd} PUD ${v68 ? '2c17067' : '205063'} PMD 0 `;
  }
  if (x >= l.vmallocStart && x <= l.vmallocEnd && sys.vmalloc.pmdPopulated(x)) return `${p4d(`PGD ${v68 ? '100067' : '7fc0f067'}`)} PUD ${v68 ? '101067' : '7fc10067'} PMD ${v68 ? '102067' : '7fc11067'} PTE 0`;
  return p4d('PGD 0') + ' ';
}
