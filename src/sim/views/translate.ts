// Which physical byte a virtual address names, for the byte views: the kernel half through the
// kernel's page tables as the model has them (lookup_address(), arch/x86/mm/pageattr.ts: the
// direct map, the kernel image, vmalloc and module space), the user half through every address
// space the model has (2.6.25's anonymous buffers, mm/memory.ts; 6.8's page tables in simulated
// frames, mm/mmap.ts + asm/pgtable.ts), and for a non-canonical address the byte that makes it so.
// Reads only: no event is recorded and no state changes.
import { isCanonical } from '../linux/arch/x86/include/asm/page_64.ts';
import { pmdIndex, ptepGet, pteState } from '../linux/arch/x86/include/asm/pgtable.ts';
import { hex } from '../linux/arch/x86/include/asm/pgtable_64_types.ts';
import { lookupAddress } from '../linux/arch/x86/mm/pageattr.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';
import type { Machine } from '../machine/machine.ts';
import { inAddressRange } from '../machine/layout.ts';

export type Translation =
  | {
      ok: true;
      phys: number;
      /** How the address was translated, for the reader; null for the direct map (the usual case). */
      via: string | null;
    }
  | {
      ok: false;
      /** Why no byte backs it. */
      why: string;
      /** For a non-canonical address: the canonical one it would be with the offending bits fixed. */
      canonical?: bigint;
    };

function hx(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}

function byteOf(x: bigint, b: number): number {
  return Number((x >> BigInt(8 * b)) & 0xffn);
}

/**
 * Why an address is not canonical: on x86-64 (48-bit virtual addresses) bits 63..47 must all be
 * equal. The sign they should share is the one most of them have; the bytes that disagree with
 * it are named (little-endian: byte 7 is the top byte, at offset +7 in memory).
 */
export function nonCanonical(va: bigint): { why: string; canonical: bigint } | null {
  const x = BigInt.asUintN(64, va);
  if (isCanonical(x)) return null;
  let ones = 0;
  for (let bit = 47n; bit <= 63n; bit++) if ((x >> bit) & 1n) ones++;
  const sign = ones * 2 > 17 ? 1 : 0;
  const bad: string[] = [];
  // byte 5 counts with bit 47 only; bytes 6 and 7 with all their bits
  for (const [b, mask] of [
    [7, 0xff],
    [6, 0xff],
    [5, 0x80],
  ] as const) {
    const got = byteOf(x, b) & mask;
    const want = sign ? mask : 0;
    if (got === want) continue;
    if (b === 5) bad.push(`bit 47 (the top bit of byte 5, 0x${byteOf(x, 5).toString(16).padStart(2, '0')}) is ${sign ? 0 : 1}`);
    else bad.push(`byte ${b} (bits ${8 * b + 7}..${8 * b}${b === 7 ? ', the top byte' : ''}) is 0x${byteOf(x, b).toString(16).padStart(2, '0')} where 0x${(sign ? 0xff : 0).toString(16).padStart(2, '0')} belongs`);
  }
  const high = sign ? 0xffff800000000000n : 0n;
  const canonical = (x & 0x00007fffffffffffn) | high;
  const half = sign ? 'a kernel address (ffff8… and up)' : 'a user address (below 0000800000000000)';
  return {
    why: `${hex(x)} is not a canonical x86-64 address: bits 63..47 must all be equal, and most of them say ${half}, but ${bad.join(', and ')}. The CPU faults on any access to it (general protection); nothing is mapped there.`,
    canonical,
  };
}

/** What the kernel half holds at x when nothing backs it: which region of the layout, and what that means. */
function kernelHole(m: Machine, x: bigint): string {
  const k = m.k;
  const l = k.layout;
  if (x >= l.pageOffset && x < l.pageOffset + (1n << 46n))
    return `${hex(x)} is in the direct map (${hex(l.pageOffset)}) but past the end of RAM (${k.config.ramMiB} MiB): physical ${hx(x - l.pageOffset)} does not exist`;
  if (x >= l.vmallocStart && x <= l.vmallocEnd) return `${hex(x)} is in the vmalloc area (${hex(l.vmallocStart)}-${hex(l.vmallocEnd)}), but no vmalloc() area maps it at this moment`;
  if (x >= l.modulesVaddr && x < l.modulesEnd) return `${hex(x)} is in the module area (${hex(l.modulesVaddr)}-${hex(l.modulesEnd)}), but no module is loaded there at this moment`;
  if (x >= l.startKernelMap && x < l.modulesVaddr) return `${hex(x)} is in the kernel image mapping (${hex(l.startKernelMap)}), but past the end of the image (_end): nothing is mapped there`;
  if (x >= l.vmemmapBase && x < l.vmemmapBase + (1n << 40n)) return `${hex(x)} is in the vmemmap (the struct page array at ${hex(l.vmemmapBase)}), which kernscope does not model as bytes`;
  return `${hex(x)} is a kernel address no region of the ${l.arch === 'arm64' ? 'arm64' : 'x86-64'} layout maps (direct map ${hex(l.pageOffset)}, vmalloc ${hex(l.vmallocStart)}, modules ${hex(l.modulesVaddr)})`;
}

/** A user address: through each address space the model has, the first that maps it. */
function userAddress(m: Machine, x: bigint): Translation {
  const addr = Number(x);
  const why: string[] = [];
  // 2.6.25: one anonymous mapping per task (the pattern checker's buffers); the model keeps its frames
  for (const map of m.user.all()) {
    const phys = m.user.userVirtToPhys(map.task, x);
    if (phys !== null) {
      const page = Math.floor((addr - Number(map.start)) / PAGE_SIZE);
      return { ok: true, phys, via: `user: ${map.task}, anonymous mapping at ${hx(map.start)} (page ${page})` };
    }
  }
  // 6.x: the task's VMAs, then its page tables (PTE tables are simulated frames)
  for (const [task, mm] of m.usermm.mms) {
    const vma = m.usermm.findVma(mm, addr);
    if (!vma) continue;
    const pt = mm.pts.get(pmdIndex(addr));
    if (pt === undefined) {
      why.push(`${task}'s mapping "${vma.name}" covers it, but it has no page table there (nothing faulted in)`);
      continue;
    }
    const st = pteState(ptepGet(m.usermm, pt, addr));
    const where = `user: ${task}, mapping "${vma.name}" (page ${Math.floor((addr - vma.start) / PAGE_SIZE)})`;
    if (st.kind === 'present') return { ok: true, phys: st.pfn * PAGE_SIZE + (addr % PAGE_SIZE), via: `${where}, PTE in frame ${hx(pt)}` };
    if (st.kind === 'migration') return { ok: true, phys: st.pfn * PAGE_SIZE + (addr % PAGE_SIZE), via: `${where}, under migration: the PTE in frame ${hx(pt)} holds a migration entry, the bytes are still in frame ${hx(st.pfn)}` };
    if (st.kind === 'swap') why.push(`${task}'s page there (mapping "${vma.name}") is swapped out: its PTE holds swap entry type ${st.type}, offset ${hx(st.offset)}, so its bytes are not in RAM`);
    else why.push(`${task}'s mapping "${vma.name}" covers it, but its PTE is empty: no page is mapped there (not faulted in, or paged out and dropped)`);
  }
  if (why.length > 0) return { ok: false, why: `${hex(x)} is a user address: ${why.join('; ')}` };
  const spaces = [...m.user.all().map((u) => u.task), ...m.usermm.mms.keys()];
  return {
    ok: false,
    why: `${hex(x)} is a user address, and no address space maps it at this moment${spaces.length > 0 ? ` (address spaces: ${[...new Set(spaces)].join(', ')})` : ' (no task has one yet)'}`,
  };
}

/** The physical address of the byte at va, and how it was found; or why there is none. */
export function translate(m: Machine, va: bigint): Translation {
  const x = BigInt.asUintN(64, va);
  const l = m.k.layout;
  // x86-64's canonical form; arm64's two TTBR ranges leave a hole no walk starts in
  const nc = l.arch === 'x86_64' ? nonCanonical(x) : null;
  if (nc === null && !inAddressRange(l, x))
    return { ok: false, why: `${hex(x)} is between the user and kernel address ranges (48-bit VAs: user below ${hex(l.userEnd)}, kernel from ${hex(l.kernelStart)}): any access to it is a level 0 translation fault, nothing is mapped there.` };
  if (nc) {
    const fixed = translate(m, nc.canonical);
    const where = fixed.ok ? `, which is mapped: physical ${hx(fixed.phys)}${fixed.via === null ? ' through the direct map' : ` (${fixed.via})`}` : '';
    return { ok: false, why: `${nc.why} With those bits fixed it would be ${hex(nc.canonical)}${where}.`, canonical: nc.canonical };
  }
  if (x < l.userEnd) return userAddress(m, x);
  const found = lookupAddress(m, x);
  if (!found) return { ok: false, why: kernelHole(m, x) };
  switch (found.kind) {
    case 'direct':
      return { ok: true, phys: found.phys, via: null };
    case 'kernel':
      return { ok: true, phys: found.phys, via: `kernel image (${hex(m.k.layout.startKernelMap)} + ${hx(found.phys)})` };
    case 'user':
      return userAddress(m, x);
    case 'vmalloc':
    case 'module': {
      const area = m.vmalloc.areaOf(x);
      const what = found.kind === 'module' ? 'module area' : 'vmalloc area';
      const page = area ? Math.floor(Number(x - area.addr) / PAGE_SIZE) : 0;
      return { ok: true, phys: found.phys, via: `${what}: ${area ? `${area.owner}, page ${page} (${area.caller})` : 'mapped'}` };
    }
  }
}

/** Physically contiguous pieces of [va, va + len): offset in the view, physical address, length. */
export interface TranslatedRun {
  offset: number;
  phys: number;
  len: number;
}

export interface RangeTranslation {
  runs: TranslatedRun[];
  /** How the first byte was translated (null for the direct map). */
  via: string | null;
  /** Why the range stops before `len` (or why there is nothing, when runs is empty). */
  why: string | null;
  canonical?: bigint;
}

/** Translates a range page by page: a virtual range may sit in frames far apart, or stop at a hole. */
export function translateRange(m: Machine, va: bigint, len: number): RangeTranslation {
  const runs: TranslatedRun[] = [];
  let via: string | null = null;
  let offset = 0;
  while (offset < len) {
    const at = BigInt.asUintN(64, va + BigInt(offset));
    const t = translate(m, at);
    if (!t.ok) {
      if (runs.length === 0) return { runs, via: null, why: t.why, ...(t.canonical !== undefined ? { canonical: t.canonical } : {}) };
      return { runs, via, why: `the view stops at ${hex(at)}: ${t.why}` };
    }
    if (offset === 0) via = t.via;
    const n = Math.min(len - offset, PAGE_SIZE - Number(at % BigInt(PAGE_SIZE)));
    const last = runs[runs.length - 1];
    if (last && last.phys + last.len === t.phys) last.len += n;
    else runs.push({ offset, phys: t.phys, len: n });
    offset += n;
  }
  return { runs, via, why: null };
}
