// What the List view asks of a run at its cursor: a kernel list read from simulated memory, head
// first, every node with its owner (slab cache and offset), its next/prev, whether next->prev
// points back, who last wrote its pointers, and where the ring breaks (a poison value, a pointer
// to nothing, a cycle that misses the head). Reads never fault: the view only looks.
import type { Recorder } from '../engine/recorder.ts';
import { hex64 } from '../linux/kernel/kallsyms.ts';
import { LIST_HEAD_SIZE } from '../linux/include/linux/types.ts';
import { WALK_MARGIN } from '../linux/include/linux/list.ts';
import { listPoison1, listPoison2 } from '../linux/include/linux/poison.ts';
import type { Machine } from '../machine/machine.ts';
import { translateRange } from './translate.ts';

export interface ListNodeView {
  /** Address of the struct list_head ("0xffff..."). */
  addr: string;
  isHead: boolean;
  /** The slab cache of the object it sits in, or null outside any slab. */
  cache: string | null;
  /** Address of that object and the list_head's offset in it. */
  object: string | null;
  offset: number | null;
  /** The scenario pointer bound to that object, if any. */
  pointer: string | null;
  allocated: boolean | null;
  next: string;
  prev: string;
  /** next->prev == this node. */
  backOk: boolean;
  /** Who last wrote next and prev (the kernel function, e.g. "list_add_tail"). */
  nextWriter: string | null;
  prevWriter: string | null;
}

export type ListBreakKind = 'poison' | 'null' | 'unmapped' | 'cycle' | 'bound';

export interface ListBreak {
  kind: ListBreakKind;
  /** Index of the node whose next pointer breaks the ring. */
  from: number;
  /** The pointer it holds. */
  target: string;
  /** For a cycle: the index of the node it comes back to. */
  to: number | null;
  message: string;
}

export interface ListHeadRef {
  name: string;
  addr: string;
}

export interface ListRingView {
  /** Every head the run knows at this moment (list_head_init steps and models). */
  heads: ListHeadRef[];
  /** The head shown, or null when none was asked or it could not be read. */
  head: ListHeadRef | null;
  nodes: ListNodeView[];
  /** The walk came back to the head. */
  complete: boolean;
  break: ListBreak | null;
  error: string | null;
}

const a = (v: bigint): string => `0x${hex64(v)}`;

/** A 64-bit load that never faults: null where nothing backs the address. */
function peek(m: Machine, va: bigint): bigint | null {
  const t = translateRange(m, va, 8);
  if (t.runs.length === 0) return null;
  const b = new Uint8Array(8);
  let n = 0;
  for (const r of t.runs) {
    m.k.mem.read(r.phys, b.subarray(r.offset, r.offset + r.len));
    n += r.len;
  }
  return n === 8 ? new DataView(b.buffer).getBigUint64(0, true) : null;
}

function physOf(m: Machine, va: bigint): number | null {
  const t = translateRange(m, va, 1);
  return t.runs[0]?.phys ?? null;
}

/** Who last wrote the 8 bytes at va before `at`. */
function writerOf(m: Machine, rec: Recorder, at: number, va: bigint): string | null {
  const p = physOf(m, va);
  if (p === null) return null;
  const prov = rec.provenance(p, 8, at);
  return prov.find((x) => x !== null)?.writer ?? null;
}

function node(m: Machine, rec: Recorder, at: number, va: bigint, isHead: boolean, names: ReadonlyMap<number, string>): ListNodeView {
  const next = peek(m, va) ?? 0n;
  const prev = peek(m, va + 8n) ?? 0n;
  const phys = physOf(m, va);
  const o = phys === null ? null : m.slub.slabObject(phys);
  const inObject = o !== null && phys! >= o.objectPhys && phys! + LIST_HEAD_SIZE <= o.objectPhys + o.objectSize;
  return {
    addr: a(va),
    isHead,
    cache: inObject ? o.cache : null,
    object: inObject ? a(m.k.layout.pageOffset + BigInt(o.objectPhys)) : null,
    offset: inObject ? phys! - o.objectPhys : null,
    pointer: inObject ? (names.get(o.objectPhys) ?? null) : null,
    allocated: inObject ? o.allocated : null,
    next: a(next),
    prev: a(prev),
    backOk: peek(m, next + 8n) === va,
    nextWriter: writerOf(m, rec, at, va),
    prevWriter: writerOf(m, rec, at, va + 8n),
  };
}

/**
 * The ring from `target` (a head's name or a "0x..." address) at the cursor `at`. `names` maps
 * object physical addresses to the scenario's pointer names.
 */
export function listRing(m: Machine, rec: Recorder, at: number, target: string, names: ReadonlyMap<number, string> = new Map()): ListRingView {
  const heads = m.lists.all().map((h) => ({ name: h.name, addr: a(h.addr) }));
  const empty = { heads, head: null, nodes: [], complete: false, break: null };
  const t = target.trim();
  let headVa: bigint | null = null;
  if (t === '') return { ...empty, error: null };
  if (/^0x[0-9a-fA-F]{1,16}$/.test(t)) headVa = BigInt(t);
  else headVa = m.lists.head(t);
  if (headVa === null) return { ...empty, error: `"${t}" is neither a list head of this run nor a 0x address` };
  const name = heads.find((h) => h.addr === a(headVa))?.name ?? t;
  if (peek(m, headVa) === null) return { ...empty, head: { name, addr: a(headVa) }, error: `${a(headVa)} is not mapped` };
  const k = m.k;
  const p1 = listPoison1(k);
  const p2 = listPoison2(k);
  const bound = m.lists.added + WALK_MARGIN;
  const nodes: ListNodeView[] = [node(m, rec, at, headVa, true, names)];
  const index = new Map<bigint, number>([[headVa, 0]]);
  let cur = headVa;
  for (;;) {
    const from = nodes.length - 1;
    const next = peek(m, cur)!;
    const brk = (kind: ListBreakKind, message: string, to: number | null = null): ListRingView => ({ heads, head: { name, addr: a(headVa) }, nodes, complete: false, break: { kind, from, target: a(next), to, message }, error: null });
    if (next === headVa) return { heads, head: { name, addr: a(headVa) }, nodes, complete: true, break: null, error: null };
    if (next === 0n) return brk('null', `${nodes[from]!.addr}->next is NULL`);
    if (next === p1 || next === p2) return brk('poison', `${nodes[from]!.addr}->next is ${next === p1 ? 'LIST_POISON1' : 'LIST_POISON2'} (${hex64(next)}): it was list_del()ed`);
    const seen = index.get(next);
    if (seen !== undefined) return brk('cycle', `${nodes[from]!.addr}->next goes back to ${a(next)}: a cycle that does not contain the head`, seen);
    if (peek(m, next) === null) return brk('unmapped', `${nodes[from]!.addr}->next is ${a(next)}, where nothing is mapped`);
    if (nodes.length > bound) return brk('bound', `more than ${bound} entries: more than were ever added`);
    index.set(next, nodes.length);
    nodes.push(node(m, rec, at, next, false, names));
    cur = next;
  }
}
