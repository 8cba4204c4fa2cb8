// SLUB's reports, mm/slub.c 6.8 (and the 2.6.25 layout): slab_bug(), slab_fix(), slab_err(), object_err(),
// print_trailer(), with the %p, dump_stack(), WARN() and oops machinery they use. The text
// formatting helpers are in slub_print.ts; taint, debug_locks, pids and symbols are the kernel's.
import { type FindingValue, KERN_ERR, KERN_WARNING } from '../../engine/recorder.ts';
import { callTraceLines, currentStackInfo } from '../lib/dump_stack.ts';
import { hex64 } from '../kernel/kallsyms.ts';
import { LOCKDEP_NOW_UNRELIABLE, LOCKDEP_STILL_OK, type LockdepOk, TAINT_BAD_PAGE, TAINT_DIE, TAINT_WARN, warnReport68, warnTrap } from '../kernel/panic.ts';
import { dumpStackFrames, generalProtection } from '../../machine/layout.ts';
import { currentPid } from '../kernel/pid.ts';
import { EV_OOPS, pageFaultOops } from '../arch/x86/mm/fault.ts';
import { dieLine } from '../arch/x86/kernel/dumpstack.ts';
import {
  F_SLAB_CACHE,
  F_SLAB_FREELIST_RAW_HI,
  F_SLAB_FREELIST_RAW_LO,
  F_SLAB_FROZEN,
  F_SLAB_INUSE,
  F_SLAB_OBJECTS,
  PAGE_SIZE,
  PG_head,
  PG_workingset,
} from '../include/linux/mm_types.ts';
import { type KmemCache, PTR_SIZE, SLAB_RED_ZONE, SLAB_STORE_USER } from './slab.ts';
import { EV_REPORT, fpop, fpush, slubFn, type SlubState, TWO32 } from './slub_def.ts';
import { ptrWords, readWordsAt, slabFreelist } from './slub_freelist.ts';
import { formatSlabPageFlags2625, formatSlabPageFlags68, hex16, printHexDump, printSection2625 } from './slub_print.ts';
import { printTracking } from './slub_track.ts';
import type { Frame } from '../lib/stackdepot.ts';

/** A kernel oops inside the allocator: the task dies, the operation ends there. */
class SlubOops {
  readonly oops = true;
}
const OOPS = new SlubOops();

/** sizeof(struct page) for the "Slab 0x%p" address in the vmemmap. */
const SIZEOF_PAGE_68 = 64;
const SIZEOF_PAGE_2625 = 56;

// no_hash_pointers_enable(), lib/vsprintf.c 6.8
export function noHashPointersEnable(slub: SlubState): void {
  if (slub.noHashPointers) return;
  slub.noHashPointers = true;
  const w = (t: string): void => slub.k.printk(KERN_WARNING, t);
  const star = '**********************************************************';
  const empty = '**                                                      **';
  const notice = '**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **';
  for (const t of [star, notice, empty, '** This system shows unhashed kernel memory addresses   **', '** via the console, logs, and other interfaces. This    **', '** might reduce the security of your system.            **', empty, '** If you see this message and you are not debugging    **', '** the kernel, report this immediately to your system   **', '** administrator!                                       **', empty, notice, star]) w(t);
}

export function err(slub: SlubState, text: string): void {
  slub.k.printk(KERN_ERR, text);
}

/** %p of a direct-map address: raw with no_hash_pointers (slub_debug) or 2.6.25, else the hashed id. */
export function P(slub: SlubState, phys: number): string {
  return Pw(slub, phys % TWO32, slub.hiBase + Math.floor(phys / TWO32));
}

export function Pw(slub: SlubState, lo: number, hi: number): string {
  if (slub.v2625 || slub.noHashPointers || (lo === 0 && hi === 0)) return hex16(lo, hi);
  // ptr_to_id(): siphash of the pointer, low 32 bits
  let h = Math.imul((lo >>> 0) ^ slub.hashKey, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ (hi >>> 0), 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x27d4eb2f ^ slub.hashKey);
  return '00000000' + ((h ^ (h >>> 15)) >>> 0).toString(16).padStart(8, '0');
}

function Pbig(slub: SlubState, v: bigint): string {
  return Pw(slub, Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn));
}

/** print_section() lines for [phys, phys + len). */
export function section(slub: SlubState, text: string, phys: number, len: number): string[] {
  if (len <= 0) return [];
  const buf = new Uint8Array(len);
  slub.k.mem.read(phys, buf);
  if (slub.v2625) return printSection2625(text, buf, (o) => P(slub, phys + o));
  return printHexDump(text, buf, (o) => P(slub, phys + o));
}

/** The frames of the operation in progress as call-trace lines, innermost first. */
function frameLines(slub: SlubState, extra: Frame[]): string[] {
  const frames: Frame[] = [...extra];
  for (let i = Math.min(slub.fDepth, slub.fNames.length) - 1; i >= 0; i--) {
    const n = slub.fNames[i]!;
    if (frames.length === 0 || frames[frames.length - 1]!.name !== n) frames.push({ name: n, module: null });
  }
  if (slub.entry) {
    const entry = slubFn(slub, slub.entry);
    if (frames.length === 0 || frames[frames.length - 1]!.name !== entry) frames.push({ name: entry, module: null });
  }
  frames.push({ name: slub.callSite.name, module: slub.callSite.module });
  const syms = slub.syms;
  if (slub.v2625) return frames.map((f) => syms.address2625({ fn: f.name, module: f.module }));
  return frames.map((f) => ` ${syms.pS(f.name, f.module)}`);
}

/** dump_stack() of the operation in progress, innermost frame first. */
export function stackLines(slub: SlubState, extra: Frame[], fromDumpStack = true): string[] {
  const k = slub.k;
  const lines = frameLines(slub, extra);
  // dump_stack(), arch/x86/kernel/traps_64.c 2.6.25: "Pid: ...", a blank line, then show_trace()
  if (slub.v2625) return [...currentStackInfo(k), '', ...callTraceLines(k, lines)];
  // dump_stack_lvl(), lib/dump_stack.c 6.8 (an oops's trace starts below it)
  if (fromDumpStack) lines.unshift(...dumpStackFrames(k.layout).map((f) => ` ${slub.syms.pS(f)}`));
  return [...currentStackInfo(k), ...callTraceLines(k, lines)];
}

export function dumpStack(slub: SlubState, extra: Frame[] = []): void {
  for (const l of stackLines(slub, extra)) err(slub, l);
}

function tainted(slub: SlubState): string {
  return slub.k.panic.printTainted();
}

// add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE) after a report, mm/slub.c 6.8 (2.6.25 SLUB did not taint)
export function addTaint(slub: SlubState, flag: number, lockdepOk: LockdepOk): void {
  if (slub.v2625) return;
  slub.k.panic.addTaint(flag, lockdepOk);
}

/** Dereferencing a pointer that is not in the direct map: the kernel oopses. */
export function badDeref(slub: SlubState, lo: number, hi: number, fn68: string): never {
  const k = slub.k;
  const fn = slubFn(slub, fn68);
  const va = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  // x86-64 raises #GP for a non-canonical address; arm64 takes any address as a translation fault
  if (!generalProtection(k.layout, va)) pageFaultOops(k, va, false, slub.syms.pS(fn));
  else {
    // arch/x86/kernel/traps.c exc_general_protection() for a non-canonical address
    k.rec.emit(EV_OOPS);
    k.panic.oopsEnter();
    const title = dieLine(k, k.since('2.6.26') ? `general protection fault, probably for non-canonical address 0x${hex64(va)}` : 'general protection fault', 0, k.panic.nextDie());
    k.printk(KERN_WARNING, title);
    k.printk(KERN_WARNING, `RIP: 0010:${slub.syms.pS(fn)}`);
    k.rec.finding('mm.paging_request', title, { addr: '0x' + hex64(va), access: 'read', ip: slub.syms.pS(fn) });
  }
  for (const l of stackLines(slub, fn === slubFn(slub, slub.entry) ? [] : [{ name: fn, module: null }], false)) k.printk(KERN_WARNING, l);
  // oops_end(), arch/x86/kernel/dumpstack.c 6.8
  k.panic.addTaint(TAINT_DIE, LOCKDEP_NOW_UNRELIABLE);
  k.printk(KERN_WARNING, k.panic.endMarker());
  throw OOPS;
}

/** After an oops inside the allocator the task is dead: the operation ends there. */
export function endOp(slub: SlubState, e: unknown): void {
  slub.fDepth = 0;
  slub.entry = '';
  if (!(e instanceof SlubOops)) throw e;
}

/** slab_bug(): the banner; emits the report's event first. Returns the BUG line (the finding's title). */
export function slabBug(slub: SlubState, s: KmemCache, reason: string, phys: number): string {
  slub.k.rec.emit(EV_REPORT, s.id, phys);
  const bug = slub.v2625 ? `BUG ${s.name}: ${reason}` : `BUG ${s.name} (${tainted(slub)}): ${reason}`;
  err(slub, '=============================================================================');
  err(slub, bug);
  err(slub, '-----------------------------------------------------------------------------');
  err(slub, '');
  return bug.split('\n')[0]!;
}

// slab_fix(), mm/slub.c 6.8
export function slabFix(slub: SlubState, s: KmemCache, text: string): void {
  slub.slabErrors++;
  err(slub, `FIX ${s.name}: ${text}`);
}

// print_slab_info(), mm/slub.c 6.8 (print_page_info() in 2.6.25)
function printSlabInfo(slub: SlubState, pfn: number): void {
  const p = slub.pages;
  const [lo, hi] = ptrWords(slub, slabFreelist(slub, pfn), p.get(pfn, F_SLAB_FREELIST_RAW_LO), p.get(pfn, F_SLAB_FREELIST_RAW_HI));
  const head = p.test(pfn, PG_head);
  const s = slub.cacheList[p.get(pfn, F_SLAB_CACHE) - 1];
  if (slub.v2625) {
    const page = slub.k.layout.vmemmapBase + BigInt(pfn * SIZEOF_PAGE_2625);
    const flags = formatSlabPageFlags2625(slub.k, pfn, { head, debug: s !== undefined && s.debug, frozen: p.get(pfn, F_SLAB_FROZEN) !== 0 });
    err(slub, `INFO: Slab 0x${Pbig(slub, page)} used=${p.get(pfn, F_SLAB_INUSE)} fp=0x${Pw(slub, lo, hi)} flags=${flags}`);
    return;
  }
  const page = slub.k.layout.vmemmapBase + BigInt(pfn * SIZEOF_PAGE_68);
  const flags = formatSlabPageFlags68(slub.k, pfn, { head, workingset: p.test(pfn, PG_workingset) });
  err(slub, `Slab 0x${Pbig(slub, page)} objects=${p.get(pfn, F_SLAB_OBJECTS)} used=${p.get(pfn, F_SLAB_INUSE)} fp=0x${Pw(slub, lo, hi)} flags=${flags}`);
}

// print_trailer(), mm/slub.c 6.8 (and 2.6.25)
export function printTrailer(slub: SlubState, s: KmemCache, pfn: number, p: number): void {
  const addr = pfn * PAGE_SIZE;
  printTracking(slub, s, p);
  printSlabInfo(slub, pfn);
  readWordsAt(slub, p + s.offset);
  const fp = Pw(slub, slub.badLo, slub.badHi);
  err(slub, `${slub.v2625 ? 'INFO: ' : ''}Object 0x${P(slub, p)} @offset=${p - addr} fp=0x${fp}`);
  err(slub, '');
  if (slub.v2625) {
    if (p > addr + 16) for (const l of section(slub, 'Bytes b4', p - 16, 16)) err(slub, l);
    for (const l of section(slub, 'Object', p, Math.min(s.objectSize, 128))) err(slub, l);
    if ((s.flags & SLAB_RED_ZONE) !== 0) for (const l of section(slub, 'Redzone', p + s.objectSize, s.inuse - s.objectSize)) err(slub, l);
    let off = s.offset ? s.offset + PTR_SIZE : s.inuse;
    if ((s.flags & SLAB_STORE_USER) !== 0) off += 2 * s.trackSize;
    if (off !== s.size) for (const l of section(slub, 'Padding', p + off, s.size - off)) err(slub, l);
    dumpStack(slub);
    return;
  }
  if ((s.flags & SLAB_RED_ZONE) !== 0) for (const l of section(slub, 'Redzone  ', p - s.redLeftPad, s.redLeftPad)) err(slub, l);
  else if (p > addr + 16) for (const l of section(slub, 'Bytes b4 ', p - 16, 16)) err(slub, l);
  for (const l of section(slub, 'Object   ', p, Math.min(s.objectSize, PAGE_SIZE))) err(slub, l);
  if ((s.flags & SLAB_RED_ZONE) !== 0) for (const l of section(slub, 'Redzone  ', p + s.objectSize, s.inuse - s.objectSize)) err(slub, l);
  let off = s.infoEnd;
  if ((s.flags & SLAB_STORE_USER) !== 0) off += 2 * s.trackSize;
  if (s.origSize) off += 4;
  if (off !== s.sizeFromObject) for (const l of section(slub, 'Padding  ', p + off, s.sizeFromObject - off)) err(slub, l);
  dumpStack(slub);
}

function findingKind(reason: string): string {
  if (/already free|are to be freed/.test(reason)) return 'slub.double_free';
  if (/Free(chain|pointer|list Pointer)/.test(reason)) return 'slub.freepointer_corrupt';
  if (/slab pointer corrupt|Object already allocated/.test(reason)) return 'slub.invalid_free';
  return 'slub.wrong_object_count';
}

// object_err(), mm/slub.c 6.8
export function objectErr(slub: SlubState, s: KmemCache, pfn: number, object: number, reason: string): void {
  fpush(slub, 'object_err');
  const title = slabBug(slub, s, reason, object);
  slub.slabErrors++;
  slub.k.rec.finding(findingKind(reason), title, { cache: s.name, addr: slub.k.va(object), object: slub.k.va(object), slab: slub.k.va(pfn * PAGE_SIZE) });
  printTrailer(slub, s, pfn, object);
  addTaint(slub, TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
  fpop(slub);
}

// slab_err(), mm/slub.c 6.8: the message goes through a 100-byte buffer
export function slabErr(slub: SlubState, s: KmemCache, pfn: number, text: string, kind: string, phys = pfn * PAGE_SIZE, extra: Record<string, FindingValue> = {}): void {
  fpush(slub, 'slab_err');
  let msg = text.length > 99 ? text.slice(0, 99) : text;
  // 2.6.25 passed fmt instead of the formatted buffer to slab_bug(): the %p and %d see garbage
  if (slub.v2625 && !slub.k.patch('slub-slab-err-args')) msg = garbleFormat(text);
  const title = slabBug(slub, s, msg, phys);
  slub.slabErrors++;
  slub.k.rec.finding(kind, title, { cache: s.name, addr: slub.k.va(phys), object: phys === pfn * PAGE_SIZE ? '' : slub.k.va(phys), slab: slub.k.va(pfn * PAGE_SIZE), ...extra });
  printSlabInfo(slub, pfn);
  dumpStack(slub);
  addTaint(slub, TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
  fpop(slub);
}

/** WARN() / WARN_ON_ONCE() output, kernel/panic.c __warn() without CONFIG_DEBUG_BUGVERBOSE (no file:line); every caller is a 6.8 check. */
export function warn(slub: SlubState, s: KmemCache | null, message: string | null, where: string, kind: string, fields: Record<string, FindingValue>): void {
  const k = slub.k;
  k.rec.emit(EV_REPORT, s ? s.id : -1, 0);
  const at = slub.syms.pS(where);
  const pid = currentPid(k);
  const { regs, frames } = warnTrap(k, pid, at, frameLines(slub, where === slub.entry ? [] : [{ name: where, module: null }]));
  const { lines, title } = warnReport68(k, { cpu: k.rec.ctx.cpu, pid, comm: k.rec.ctx.task, at, message, regs, frames });
  for (const l of lines) k.printk(KERN_WARNING, l);
  // a WARN is not a slab_add_kunit_errors() site: slab_errors does not count it
  k.rec.finding(kind, message ?? title, fields);
  addTaint(slub, TAINT_WARN, LOCKDEP_STILL_OK);
}

/** What vsnprintf() made of a format whose arguments were never passed (2.6.25 slab_err()). */
function garbleFormat(text: string): string {
  let n = 0;
  // the values the 2.6.25-git2 paging-request thread saw: the first %p as 0, the second near 4 GB
  return text.replace(/0x[0-9a-f]{16}/g, () => (n++ === 0 ? '0x0000000000000000' : '0x00000000ffffffff')).replace(/\b\d+ > max \d+/g, '0 > max 0');
}
