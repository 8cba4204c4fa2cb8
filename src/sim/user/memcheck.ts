// Jiri Slaby's test program from the "2.6.25-git2: BUG: unable to handle kernel paging request" LKML thread, run as a task: fill a malloc()ed buffer with
// 0xff00aa00deadcc22, sleep, check every word, free; on the first changed word print
// "WHAT THE HELL (offset):" and the 100 words around it, and exit(1).
// What the program prints is its standard output, shown in the log like a console line.
import { eventKind } from '../engine/recorder.ts';
import { hex64 } from '../linux/kernel/kallsyms.ts';
import { PAGE_SIZE } from '../linux/include/linux/mm_types.ts';
import type { Deps } from '../machine/modules.ts';

export const MAGIC = 0xff00aa00deadcc22n;

export const EV_MEMCHECK = eventKind('user.check');

/** One page of the buffer as the program fills it: the 64-bit pattern, little-endian. */
export function patternPage(pattern: bigint): Uint8Array {
  const p = new Uint8Array(PAGE_SIZE);
  const dv = new DataView(p.buffer);
  for (let i = 0; i < PAGE_SIZE; i += 8) dv.setBigUint64(i, pattern, true);
  return p;
}

/** for (a = 0; a < size/8; a++) ch[a] = MAGIC; then printf("alloced %u\n", c) unless more is to come. */
export function memcheckFill(sys: Deps<'user'>, task: string, bytes: number, partial: boolean, pattern = MAGIC): number {
  const page = patternPage(pattern);
  const n = sys.user.faultIn(task, bytes, () => page);
  if (!partial) sys.k.rec.stdout(task, `alloced ${sys.user.rounds(task)}`);
  return n;
}

export interface ChangedWord {
  /** Byte offset in the buffer. */
  offset: number;
  /** User virtual address. */
  addr: bigint;
  phys: number;
  value: bigint;
}

/** Every word of the task's buffer that no longer holds the pattern. */
export function changedWords(sys: Deps<'user'>, task: string, pattern = MAGIC): ChangedWord[] {
  const m = sys.user.mapping(task);
  if (!m) return [];
  const want = patternPage(pattern);
  const w32 = new Uint32Array(want.buffer);
  const out: ChangedWord[] = [];
  const words = Math.floor(m.length / 8);
  for (let pi = 0; pi < m.pages.length; pi++) {
    const f = sys.k.mem.frameRO(m.pages[pi]!);
    const limit = Math.min(PAGE_SIZE / 8, words - (pi * PAGE_SIZE) / 8);
    const g = f === null ? null : new Uint32Array(f.buffer, f.byteOffset, PAGE_SIZE / 4);
    for (let i = 0; i < limit; i++) {
      const lo = g ? g[2 * i]! : 0;
      const hi = g ? g[2 * i + 1]! : 0;
      if (lo === w32[2 * i] && hi === w32[2 * i + 1]) continue;
      const offset = pi * PAGE_SIZE + i * 8;
      out.push({ offset, addr: m.start + BigInt(offset), phys: m.pages[pi]! * PAGE_SIZE + i * 8, value: (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0) });
    }
  }
  return out;
}

/** The check loop and what follows it: "WHAT THE HELL" + exit(1), or free() + "freed c". */
export function memcheckCheck(sys: Deps<'user'>, task: string, pattern = MAGIC): ChangedWord[] {
  const k = sys.k;
  const m = sys.user.mapping(task);
  k.rec.emit(EV_MEMCHECK, m?.pages.length ?? 0, 0, { task });
  if (!m) return [];
  const bad = changedWords(sys, task, pattern);
  if (bad.length === 0) {
    sys.user.unmap(task);
    k.rec.stdout(task, `freed ${sys.user.rounds(task)}`);
    sys.user.nextRound(task);
    return bad;
  }
  const first = bad[0]!;
  const a = first.offset / 8;
  k.rec.stdout(task, `WHAT THE HELL (${first.offset.toString(16).padStart(8, '0')}):`);
  const words = Math.floor(m.length / 8);
  const from = a - (a % 10);
  let line = '';
  for (let b = from; b < from + 100 && b < words; b++) {
    const pfn = m.pages[Math.floor((b * 8) / PAGE_SIZE)]!;
    const [lo, hi] = k.mem.readU64(pfn * PAGE_SIZE + ((b * 8) % PAGE_SIZE));
    line += `${hex64((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0))} `;
    if ((b + 1) % 10 === 0) {
      k.rec.stdout(task, line);
      line = '';
    }
  }
  if (line) k.rec.stdout(task, line);
  // kernscope knows more than the program: every changed word, and who stored it
  for (const w of bad) {
    // who stored the bytes that differ (a query per changed byte stops at its most recent writer)
    const writers: string[] = [];
    if (!k.rec.replaying) {
      for (let i = 0; i < 8; i++) {
        if (Number((w.value >> BigInt(8 * i)) & 0xffn) === Number((pattern >> BigInt(8 * i)) & 0xffn)) continue;
        const p = k.rec.provenance(w.phys + i, 1, k.rec.current)[0];
        if (p && !writers.includes(p.writer)) writers.push(p.writer);
      }
    }
    const found = hex64(w.value);
    k.rec.finding('mm.user_corruption', `${task}: word at offset ${w.offset.toString(16).padStart(8, '0')} is ${found}, expected ${hex64(pattern)}`, {
      task,
      offset: `0x${w.offset.toString(16)}`,
      addr: `0x${w.addr.toString(16).padStart(16, '0')}`,
      phys: `0x${w.phys.toString(16)}`,
      frame: `0x${Math.floor(w.phys / PAGE_SIZE).toString(16)}`,
      found,
      expected: hex64(pattern),
      writer: writers.join('; '),
    });
  }
  // exit(1): the process's memory goes away with it
  sys.user.unmap(task);
  return bad;
}

