// struct klist / struct klist_node and klist_del() of lib/klist.c 2.6.25, klist_node_attached() of
// include/linux/klist.h. A node's n_klist is the klist it is on, NULL (0) while it is on none: a node
// klist_add_tail() never added (kzalloc'ed with its device) still has NULL there, and klist_del() of it
// loads k->put through that NULL before it takes k->k_lock.
import type { Kernel } from '../../machine/kernel.ts';
import type { Deps } from '../../machine/modules.ts';
import { kernelFault } from '../arch/x86/mm/fault.ts';
import { codeWindow } from '../arch/x86/kernel/code_bytes.ts';
import type { Frame } from '../kernel/kallsyms.ts';

/** A struct klist_node as the model keeps it: where it is (for the registers), and its n_klist. */
export interface KlistNode {
  addr: bigint;
  nKlist: bigint;
}

// sizeof(spinlock_t), include/linux/spinlock_types.h 2.6.25 on x86-64: raw_spinlock_t, break_lock with
// PREEMPT && SMP, DEBUG_SPINLOCK's magic, owner_cpu and owner, DEBUG_LOCK_ALLOC's lockdep_map (+cpu with LOCK_STAT)
export function spinlockSize2625(k: Kernel): number {
  const prove = k.kconfig('CONFIG_PROVE_LOCKING');
  let n = 4;
  if (k.kconfig('CONFIG_PREEMPT') && k.kconfig('CONFIG_SMP')) n += 4;
  if (prove || k.kconfig('CONFIG_DEBUG_SPINLOCK')) n = align8(n + 8) + 8;
  if (prove || k.kconfig('CONFIG_DEBUG_LOCK_ALLOC')) n = align8(n) + 24 + (k.kconfig('CONFIG_LOCK_STAT') ? 8 : 0);
  return align8(n);
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** offsetof(struct klist, put): k_lock, k_list, get, then put. */
export function klistPutOffset(k: Kernel): number {
  return spinlockSize2625(k) + 16 + 8;
}

/** sizeof(struct klist). */
export function klistSize(k: Kernel): number {
  return klistPutOffset(k) + 8;
}

/** sizeof(struct klist_node): n_klist, n_node, n_ref (4 bytes), n_removed (done, then a wait queue head). */
export function klistNodeSize(k: Kernel): number {
  return 8 + 16 + 4 + 4 + spinlockSize2625(k) + 16;
}

// klist_node_attached(), lib/klist.c 2.6.25
export function klistNodeAttached(n: KlistNode): boolean {
  return n.nKlist !== 0n;
}

/** Where klist_del() loads k->put: after the pushes, mov (%rdi),%rbx and mov %rdi,%r12. */
export const KLIST_DEL_PUT_LOAD = 0xf;
const KLIST_DEL_SIZE = 0x60;

// klist_del(), lib/klist.c 2.6.25 as gcc 4.2 lays it out on x86-64 with frame pointers: k in %rbx, n in
// %r12, put in %r13; klist_dec_and_del() inlined as a call of kref_put(&n->n_ref, klist_release)
export function klistDelText(putOff: number): number[] {
  const call = (h: number): number[] => [0xe8, h & 0xff, (h >>> 8) & 0xff, 0xf4, 0xff];
  const t = [
    0x55, 0x48, 0x89, 0xe5, // push %rbp; mov %rsp,%rbp
    0x41, 0x55, 0x41, 0x54, 0x53, // push %r13; push %r12; push %rbx
    0x48, 0x8b, 0x1f, // mov (%rdi),%rbx: k = n->n_klist
    0x49, 0x89, 0xfc, // mov %rdi,%r12
    ...(putOff < 0x80 ? [0x4c, 0x8b, 0x6b, putOff] : [0x4c, 0x8b, 0xab, putOff & 0xff, (putOff >>> 8) & 0xff, 0, 0]), // mov put(%rbx),%r13
    0x48, 0x89, 0xdf, ...call(0x3c1a), // mov %rbx,%rdi; call _spin_lock
    0x49, 0x8d, 0x7c, 0x24, 0x18, // lea 0x18(%r12),%rdi: &n->n_ref
    0x48, 0xc7, 0xc6, 0x30, 0x0e, 0x35, 0x80, // mov $klist_release,%rsi
    ...call(0x7a52), // call kref_put
    0x85, 0xc0, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x4c, 0x0f, 0x44, 0xe8, // test %eax,%eax; mov $0,%eax; cmove %rax,%r13
    0x48, 0x89, 0xdf, ...call(0x3b96), // mov %rbx,%rdi; call _spin_unlock
    0x4d, 0x85, 0xed, 0x74, 0x06, 0x4c, 0x89, 0xe7, 0x41, 0xff, 0xd5, // test %r13,%r13; je 1f; mov %r12,%rdi; call *%r13
    0x5b, 0x41, 0x5c, 0x41, 0x5d, 0xc9, 0xc3, // 1: pop %rbx; pop %r12; pop %r13; leave; ret
  ];
  while (t.length < KLIST_DEL_SIZE) t.push(0x90);
  return t.slice(0, KLIST_DEL_SIZE);
}

/**
 * klist_del(n), lib/klist.c 2.6.25: drops the node's reference; the last one takes it off its klist and
 * NULLs n_klist. A node on no klist oopses on the load of k->put (a NULL pointer dereference at
 * offsetof(struct klist, put)); the task dies (throws TaskDied). Returns the node's new n_klist.
 */
export function klistDel(sys: Deps<'traps' | 'vmalloc' | 'user'>, n: KlistNode, trace: readonly Frame[]): bigint {
  const k = sys.k;
  if (n.nKlist === 0n) {
    const putOff = klistPutOffset(k);
    const sym = sys.traps.syms.lookup('klist_del');
    const q = { fn: 'klist_del', size: sym.size, callOffset: sym.callOffset, v2625: true, frame: true };
    return kernelFault(sys, {
      addr: BigInt(putOff),
      write: false,
      ip: { fn: 'klist_del', off: KLIST_DEL_PUT_LOAD },
      trace,
      regs: { bx: 0n, di: n.addr, r12: n.addr },
      code: codeWindow(q, KLIST_DEL_PUT_LOAD, undefined, klistDelText(putOff)),
      fields: { function: 'klist_del', field: 'k->put' },
    });
  }
  // kref_put() of the only reference (klist_add_tail()'s kref_init()): klist_release() unlinks the node
  return 0n;
}
