// Where a task's task_struct and kernel stack live, for register dumps (RSP, "threadinfo ...,
// task ...", registers holding current): alloc_task_struct_node() and alloc_thread_stack_node()
// of kernel/fork.c, 6.8 with vmapped 16K stacks, 2.6.25 with an 8K thread_info in the direct map.
// Derived from the pid, so a task has one task_struct in every report of a run.
import { fnv32 } from '../../engine/hash.ts';
import type { Kernel } from '../../machine/kernel.ts';

export interface TaskAddrs {
  /** The bottom of the kernel stack (2.6.25: the thread_info at its base). */
  stack: bigint;
  /** The task_struct. */
  task: bigint;
}

export function taskAddrs(k: Kernel, pid: number): TaskAddrs {
  const h = fnv32(`task${pid}`);
  const ram = BigInt(k.ramBytes);
  const task = k.layout.pageOffset + ((BigInt(fnv32(`ts${pid}`)) * 0x40n) % ram);
  if (!k.since('2.6.26')) return { stack: k.layout.pageOffset + ((BigInt(h) * 0x2000n) % ram), task };
  // vmapped stacks: from VMALLOC_START, or past the image where the image sits at its start (arm64 without KASLR)
  const l = k.layout;
  const text = l.startKernelMap + BigInt(l.physicalStart);
  const base = text === l.vmallocStart ? text + 0x6000000n : l.vmallocStart;
  return { stack: base + BigInt((h % 0x4000) * 0x4000), task };
}
