// The machine code of modeled functions, one text per function and kernel, from which the oops's "Code:" line
// is cut: show_registers(), arch/x86/kernel/traps_64.c 2.6.25 (code_bytes 64, 43 before RIP, "<xx>" on RIP's
// byte) and show_opcodes(), arch/x86/kernel/dumpstack.c 6.8 (42 before, 21 after). Two oopses in one function
// print overlapping windows of the same bytes, and the faulting instruction's memory operand says which
// register holds the address (the pointer the instruction dereferences).
//
// 2.6.25's __d_lookup is written out in full around the bytes of Rafael's oops in the 2.6.25-git2 paging-request
// thread (+0xc6..+0x105, quoted by Ingo). Every other function's text is a stand-in: a prologue, plausible
// instructions derived from its name, a call ending at its call offset, the instruction each modeled fault site
// executes, and an epilogue. It decodes as x86-64 but is not the compiled function.
import { fnv32 } from '../../../../engine/hash.ts';

export type Reg = 'ax' | 'bx' | 'cx' | 'dx' | 'si' | 'di' | 'bp' | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15';

/** Register numbers of the x86-64 encoding. */
const REGNUM: Readonly<Record<Reg, number>> = { ax: 0, cx: 1, dx: 2, bx: 3, bp: 5, si: 6, di: 7, r8: 8, r9: 9, r10: 10, r11: 11, r12: 12, r13: 13, r14: 14, r15: 15 };

/** The memory operand of a faulting instruction: the address is base + disp. */
export interface MemOperand {
  base: Reg;
  disp: number;
}

/** An instruction a fault site executes, placed at its offset. */
export interface Site {
  off: number;
  insn: readonly number[];
  mem?: MemOperand;
}

interface KnownText {
  size: number;
  bytes: readonly number[];
  sites: readonly Site[];
  /** RBP - RSP in the function body (frame-pointer kernels). */
  frame: number;
}

// __d_lookup(), fs/dcache.c 2.6.25 as gcc 4.2 compiled it with frame pointers (size 0x117, as in the thread):
// parent in %r12, name in %r13, hash in %r14d, len in %r15d, str at -0x38(%rbp), node at -0x30(%rbp)
const D_LOOKUP_2625: readonly number[] = [
  // 0x00: push %rbp; mov %rsp,%rbp; push %r15..%rbx; sub $0x28,%rsp
  0x55, 0x48, 0x89, 0xe5, 0x41, 0x57, 0x41, 0x56, 0x41, 0x55, 0x41, 0x54, 0x53, 0x48, 0x83, 0xec, 0x28,
  // 0x11: mov %rdi,%r12; mov %rsi,%r13; mov (%rsi),%r14d; mov 0x4(%rsi),%r15d; mov 0x8(%rsi),%rax; mov %rax,-0x38(%rbp)
  0x49, 0x89, 0xfc, 0x49, 0x89, 0xf5, 0x44, 0x8b, 0x36, 0x44, 0x8b, 0x7e, 0x04, 0x48, 0x8b, 0x46, 0x08, 0x48, 0x89, 0x45, 0xc8,
  // 0x26: d_hash(): movabs $GOLDEN_RATIO_PRIME,%rcx; mov %rdi,%rax; xor %rcx,%rax; shr $0x6,%rax; add %r14,%rax
  0x48, 0xb9, 0x01, 0x00, 0xfc, 0xff, 0xff, 0xff, 0x37, 0x9e, 0x48, 0x89, 0xf8, 0x48, 0x31, 0xc8, 0x48, 0xc1, 0xe8, 0x06, 0x4c, 0x01, 0xf0,
  // 0x3d: mov %rax,%rdx; xor %rcx,%rdx; mov d_hash_shift(%rip),%ecx; shr %cl,%rdx; xor %rdx,%rax
  0x48, 0x89, 0xc2, 0x48, 0x31, 0xca, 0x8b, 0x0d, 0x3d, 0x6e, 0x4a, 0x00, 0x48, 0xd3, 0xea, 0x48, 0x31, 0xd0,
  // 0x4f: and d_hash_mask(%rip),%rax; mov dentry_hashtable(%rip),%rdx; lea (%rdx,%rax,8),%rax
  0x48, 0x23, 0x05, 0x3a, 0x6e, 0x4a, 0x00, 0x48, 0x8b, 0x15, 0x3b, 0x6e, 0x4a, 0x00, 0x48, 0x8d, 0x04, 0xc2,
  // 0x61: mov (%rax),%rax (head->first); mov %rax,-0x30(%rbp); jmp 0xe5 (the loop's test); a 6-byte nop
  // aligns the loop body at 0x70, where the seed's "jmp -0x96" from 0x101 lands
  0x48, 0x8b, 0x00, 0x48, 0x89, 0x45, 0xd0, 0xeb, 0x7b, 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00,
];

function dLookup2625(): number[] {
  const b = [...D_LOOKUP_2625];
  // 0x70: cmp %r12,0x28(%rbx); jne 0xda; lea 0x8(%rbx),%rdi; call _spin_lock; cmp %r12,0x28(%rbx); jne 0xd7
  b.push(0x4c, 0x39, 0x63, 0x28, 0x75, 0x64, 0x48, 0x8d, 0x7b, 0x08, 0xe8, 0x31, 0x2c, 0x1a, 0x00, 0x4c, 0x39, 0x63, 0x28, 0x75, 0x52);
  // 0x85: mov 0x88(%r12),%rax (parent->d_op); test; je 0xad; mov 0x10(%rax),%rax (d_compare); test; je 0xad
  b.push(0x49, 0x8b, 0x84, 0x24, 0x88, 0x00, 0x00, 0x00, 0x48, 0x85, 0xc0, 0x74, 0x1b, 0x48, 0x8b, 0x40, 0x10, 0x48, 0x85, 0xc0, 0x74, 0x12);
  // 0x9b: lea 0x30(%rbx),%rsi; mov %r13,%rdx; mov %r12,%rdi; call *%rax; test %eax,%eax; jne 0xd7; jmp 0xc6
  b.push(0x48, 0x8d, 0x73, 0x30, 0x4c, 0x89, 0xea, 0x4c, 0x89, 0xe7, 0xff, 0xd0, 0x85, 0xc0, 0x75, 0x2c, 0xeb, 0x19);
  // 0xad: cmp %r15d,0x34(%rbx); jne 0xd7; mov 0x38(%rbx),%rsi; mov -0x38(%rbp),%rdi; mov %r15d,%ecx; cld;
  // cmp %rcx,%rcx; repz cmpsb (memcmp(qstr->name, str, len)); jne 0xd7
  b.push(0x44, 0x39, 0x7b, 0x34, 0x75, 0x24, 0x48, 0x8b, 0x73, 0x38, 0x48, 0x8b, 0x7d, 0xc8, 0x44, 0x89, 0xf9, 0xfc, 0x48, 0x39, 0xc9, 0xf3, 0xa6, 0x75, 0x11);
  // 0xc6..0x105: the seed's Code: line (d_unhashed(), atomic_inc(), spin_unlock(), the loop's step and test, prefetch)
  b.push(...SEED_D_LOOKUP_F1.slice(0, 64));
  // 0x106: xor %eax,%eax (not found); 0x108: add $0x28,%rsp; pop %rbx; pop %r12..%r15; leave; ret
  b.push(0x31, 0xc0, 0x48, 0x83, 0xc4, 0x28, 0x5b, 0x41, 0x5c, 0x41, 0x5d, 0x41, 0x5e, 0x41, 0x5f, 0xc9, 0xc3);
  return b;
}

/** Rafael's "Code:" line at __d_lookup+0xf1 (2.6.25-git2, HP nx6325): 43 bytes before the faulting mov, 20 after. */
export const SEED_D_LOOKUP_F1: readonly number[] = [
  0xf6, 0x43, 0x04, 0x10, 0x75, 0x06, 0xf0, 0xff, 0x03, 0x48, 0x89, 0xd8, 0xfe, 0x43, 0x08, 0xeb, 0x31, 0xfe, 0x43, 0x08, 0x48, 0x8b, 0x45, 0xd0, 0x48, 0x8b, 0x00, 0x48, 0x89, 0x45, 0xd0, 0x48, 0x8b, 0x45, 0xd0, 0x48, 0x85, 0xc0, 0x74, 0x18, 0x48,
  0x89, 0xc2, 0x48, 0x8b, 0x00, 0x48, 0x8d, 0x5a, 0xe8, 0x44, 0x39, 0x73, 0x30, 0x0f, 0x18, 0x08, 0x75, 0xd9, 0xe9, 0x6a, 0xff, 0xff, 0xff,
];

/** The offsets of __d_lookup's loads in 2.6.25, for the model's fault sites. */
export const D_LOOKUP_2625_SITES = { head: 0x61, next: 0xf1, hash: 0xf8, name: 0xc2 } as const;

const KNOWN_2625: Readonly<Record<string, KnownText>> = {
  __d_lookup: {
    size: 0x117,
    bytes: dLookup2625(),
    frame: 0x50,
    sites: [
      { off: D_LOOKUP_2625_SITES.head, insn: [0x48, 0x8b, 0x00], mem: { base: 'ax', disp: 0 } },
      { off: D_LOOKUP_2625_SITES.next, insn: [0x48, 0x8b, 0x00], mem: { base: 'ax', disp: 0 } },
      { off: D_LOOKUP_2625_SITES.hash, insn: [0x44, 0x39, 0x73, 0x30], mem: { base: 'bx', disp: 0x30 } },
      { off: D_LOOKUP_2625_SITES.name, insn: [0xf3, 0xa6], mem: { base: 'si', disp: 0 } },
    ],
  },
};

/** Fault sites of stand-in texts: the instruction at the offset (a BUG()'s ud2 with what leads to it). */
const SITES_2625: Readonly<Record<string, readonly Site[]>> = {
  // __phys_addr() with VIRTUAL_BUG_ON(), arch/x86/mm/ioremap.c as merged for 2.6.27: sub __START_KERNEL_map,
  // cmp KERNEL_IMAGE_SIZE, ja; add phys_base; leave; ret; then the BUG()'s ud2 and its "jmp ." at +0x31
  __phys_addr: [{ off: 0x17, insn: [0x48, 0x89, 0xf8, 0x48, 0x2d, 0x00, 0x00, 0x00, 0x80, 0x48, 0x3d, 0xff, 0xff, 0xff, 0x07, 0x77, 0x05, 0x48, 0x03, 0x05, 0x5c, 0x1b, 0x45, 0x00, 0xc9, 0xc3, 0x0f, 0x0b, 0xeb, 0xfe] }],
};

const UD2 = [0x0f, 0x0b];

/** A load (or a store from %rax, %rdx when the base is %rax) through base+disp: "mov disp(%base),%rax". */
export function movThrough(mem: MemOperand, write: boolean): number[] {
  const b = REGNUM[mem.base];
  const reg = write && b === 0 ? 2 : 0;
  const rex = 0x48 | (b >= 8 ? 1 : 0);
  const rm = b & 7;
  const out = [rex, write ? 0x89 : 0x8b];
  const mod = mem.disp === 0 && rm !== 5 ? 0 : mem.disp >= -128 && mem.disp < 128 ? 1 : 2;
  out.push((mod << 6) | (reg << 3) | rm);
  if (rm === 4) out.push(0x24); // %rsp/%r12 as base take a SIB byte
  if (mod === 1) out.push(mem.disp & 0xff);
  if (mod === 2) for (let i = 0; i < 4; i++) out.push((mem.disp >>> (8 * i)) & 0xff);
  return out;
}

// a small menu of instructions the stand-in bodies are made of (all decode as x86-64)
const LOWREGS = [0, 1, 2, 3, 6, 7];
function pick(h: number, n: number): number {
  return (h >>> 0) % n;
}

/** murmur3's finalizer: neighbouring seeds give unrelated picks. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function fillerInsn(seed0: number, room: number): number[] {
  const seed = mix(seed0);
  const r = (i: number): number => LOWREGS[pick(mix(seed + i * 0x9e3779b9), LOWREGS.length)]!;
  const menu: (() => number[])[] = [
    () => [0x48, 0x89, 0xc0 | (r(1) << 3) | r(2)], // mov %r,%r
    () => [0x48, 0x8b, 0x40 | (r(1) << 3) | r(3), 8 * (1 + pick(seed, 15))], // mov disp8(%r),%r
    () => [0x85, 0xc0 | (r(4) << 3) | r(4)], // test %e,%e
    () => [0xe8, seed & 0xff, (seed >>> 8) & 0xff, 0xf0 | ((seed >>> 16) & 0x0f), 0xff], // call rel32 (backwards in the image)
    () => [0x48, 0x83, 0xc0 | r(5), 0x08 * (1 + pick(seed >>> 7, 8))], // add $imm8,%r
    () => [0x31, 0xc0], // xor %eax,%eax
    () => [0x4c, 0x89, 0xc0 | ((12 + pick(seed >>> 9, 4) - 8) << 3) | r(6)], // mov %r12..%r15,%r
    () => [0x48, 0x8d, 0x40 | (r(7) << 3) | 3, 0x08 * (1 + pick(seed >>> 11, 15))], // lea disp8(%rbx),%r
  ];
  const order = pick(seed >>> 13, menu.length);
  for (let i = 0; i < menu.length; i++) {
    const ins = menu[(order + i) % menu.length]!();
    if (ins.length <= room) return ins;
  }
  return [0x90];
}

const NOPS: Readonly<Record<number, readonly number[]>> = { 1: [0x90], 2: [0x66, 0x90], 3: [0x0f, 0x1f, 0x00], 4: [0x0f, 0x1f, 0x40, 0x00] };

interface TextOpts {
  fn: string;
  size: number;
  callOffset: number;
  v2625: boolean;
  frame: boolean;
  sites: readonly Site[];
}

function prologue(o: TextOpts): number[] {
  // 6.8: endbr64 and the ftrace nop (5 bytes); with frame pointers: push %rbp; mov %rsp,%rbp
  const p = o.v2625 ? [] : [0xf3, 0x0f, 0x1e, 0xfa, 0x0f, 0x1f, 0x44, 0x00, 0x00];
  if (o.frame) p.push(0x55, 0x48, 0x89, 0xe5);
  p.push(0x41, 0x54, 0x53); // push %r12; push %rbx
  return p;
}

function epilogue(o: TextOpts): number[] {
  // pop %rbx; pop %r12; (leave); ret; 6.8: int3 after ret (straight-line speculation)
  return [0x5b, 0x41, 0x5c, ...(o.frame ? [0xc9] : []), 0xc3, ...(o.v2625 ? [] : [0xcc])];
}

/** Instructions of exactly `n` bytes (n < 16), the same for the same place of the same function. */
function fillExact(seed: number, n: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (out.length < n) {
    const room = n - out.length;
    const ins = room >= 5 ? fillerInsn(fnv32(`${seed}/${i++}`), Math.min(4, room - 1)) : room === 1 ? [0x90] : fillerInsn(fnv32(`${seed}/${i++}`), room);
    out.push(...(ins.length === room || room >= 5 ? ins : NOPS[room]!));
  }
  return out.slice(0, n);
}

/**
 * A stand-in text of `size` bytes: a stream of instructions that depends on the function alone, with the
 * given instructions written at their offsets (what they displace is refilled up to the next instruction
 * boundary), so texts asked with different sites differ only around those sites.
 */
function standInText(o: TextOpts): number[] {
  const head = prologue(o);
  const tail = epilogue(o);
  const out: number[] = head.slice(0, Math.max(0, Math.min(head.length, o.size - tail.length)));
  // the prologue is one unit: no site sits in it
  const starts: number[] = [0];
  let n = 0;
  while (out.length < o.size - tail.length) {
    starts.push(out.length);
    out.push(...fillerInsn(fnv32(`${o.fn}#${n++}`), Math.min(5, o.size - tail.length - out.length)));
  }
  out.length = Math.min(out.length, o.size - tail.length);
  starts.push(out.length);
  out.push(...tail.slice(Math.max(0, tail.length - (o.size - out.length))));
  const anchors: Site[] = [...o.sites];
  if (o.callOffset >= 5 + head.length) anchors.unshift({ off: o.callOffset - 5, insn: [0xe8, ...[0, 8, 16, 24].map((sh) => (fnv32(`${o.fn}:call`) >>> sh) & 0xff)] });
  for (const a of anchors) {
    const end = Math.min(o.size, a.off + a.insn.length);
    if (a.off < 0 || a.off >= o.size) continue;
    const from = Math.max(...starts.filter((x) => x <= a.off));
    const to = Math.min(o.size, ...starts.filter((x) => x >= end));
    const patch = [...fillExact(fnv32(`${o.fn}@${from}`), a.off - from), ...a.insn.slice(0, end - a.off), ...fillExact(fnv32(`${o.fn}@${end}`), to - end)];
    out.splice(from, patch.length, ...patch);
    for (let i = starts.length - 1; i >= 0; i--) if (starts[i]! > from && starts[i]! < to) starts.splice(i, 1);
    starts.push(a.off, end);
    starts.sort((x, y) => x - y);
  }
  return out.slice(0, o.size);
}

export interface FunctionTextQuery {
  fn: string;
  size: number;
  callOffset: number;
  v2625: boolean;
  frame: boolean;
}

/** The text of a function on this kernel: the known one, or a stand-in with its fault sites and `extra`. */
export function functionText(q: FunctionTextQuery, extra?: Site): number[] {
  const known = q.v2625 ? KNOWN_2625[q.fn] : undefined;
  if (known !== undefined && known.size === q.size) return [...known.bytes];
  const sites = [...((q.v2625 ? SITES_2625[q.fn] : undefined) ?? [])];
  if (extra !== undefined && !sites.some((s) => extra.off >= s.off && extra.off < s.off + s.insn.length)) sites.push(extra);
  return standInText({ ...q, sites });
}

/** The memory operand of the instruction at `off`, where the table knows it. */
export function knownOperand(q: FunctionTextQuery, off: number): MemOperand | null {
  const known = q.v2625 ? KNOWN_2625[q.fn] : undefined;
  return known?.sites.find((s) => s.off === off)?.mem ?? null;
}

/** RBP - RSP inside the function where its frame is known. */
export function knownFrame(q: FunctionTextQuery): number | null {
  return (q.v2625 ? KNOWN_2625[q.fn]?.frame : undefined) ?? null;
}

/** The instruction a site executes when the table has none: ud2 for BUG()/WARN(), else a mov through the operand. */
export function siteInsn(kind: 'ud2' | 'load' | 'store', mem: MemOperand): number[] {
  return kind === 'ud2' ? UD2 : movThrough(mem, kind === 'store');
}

/**
 * The bytes a Code: line shows around offset `off`: 2.6.25 43 before and 20 after, 6.8 42 before and 21 after.
 * Bytes past either end of the function are its neighbours': the end of one stand-in text and the start of another.
 * `own` is the function's text where its model writes it out (the fault's instruction depends on the build).
 */
export function codeWindow(q: FunctionTextQuery, off: number, extra?: Site, own?: readonly number[]): { bytes: number[]; at: number } {
  const before = q.v2625 ? 43 : 42;
  const text = own ?? functionText(q, extra);
  const prev = standInText({ fn: `${q.fn}<prev`, size: 64, callOffset: 0x20, v2625: q.v2625, frame: q.frame, sites: [] });
  const next = standInText({ fn: `${q.fn}>next`, size: 64, callOffset: 0x20, v2625: q.v2625, frame: q.frame, sites: [] });
  const bytes: number[] = [];
  for (let i = off - before; i < off - before + 64; i++) bytes.push(i < 0 ? prev[64 + i]! : i >= text.length ? next[i - text.length]! : text[i]!);
  return { bytes, at: before };
}
