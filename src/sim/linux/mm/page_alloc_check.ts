// bad_page(), page_bad_reason() and check_new_page(), mm/page_alloc.c 5.14: the checks a page passes
// on its way out of the free lists (check_pcp_refill() without CONFIG_DEBUG_VM, check_new_pcp() with it).
import { KERN_ALERT, KERN_WARNING } from '../../engine/recorder.ts';
import type { Kernel } from '../../machine/kernel.ts';
import { F_MAPCOUNT, F_REFCOUNT, PAGE_SIZE } from '../include/linux/mm_types.ts';
import { LOCKDEP_NOW_UNRELIABLE, TAINT_BAD_PAGE } from '../kernel/panic.ts';
import { callTraceLines, currentStackInfo } from '../lib/dump_stack.ts';
import { dumpPage, structPageAddr } from './debug.ts';
import { framePfn } from '../include/asm-generic/memory_model.ts';
import { dumpStackFrames } from '../../machine/layout.ts';

// page_bad_reason(), mm/page_alloc.c 5.14: the last failed test names the report
export function pageBadReason(k: Kernel, pfn: number): string | null {
  let reason: string | null = null;
  if (k.pages.get(pfn, F_MAPCOUNT) !== 0) reason = 'nonzero mapcount';
  if (k.pages.get(pfn, F_REFCOUNT) !== 0) reason = 'nonzero _refcount';
  return reason;
}

// bad_page(), mm/page_alloc.c 5.14
export function badPage(k: Kernel, pfn: number, reason: string, frames: readonly string[]): void {
  const title = `BUG: Bad page state in process ${k.rec.ctx.task}  pfn:${framePfn(k.layout, pfn).toString(16).padStart(5, '0')}`;
  const refcount = k.pages.get(pfn, F_REFCOUNT);
  k.printk(KERN_ALERT, title);
  dumpPage(k, pfn, reason);
  k.printk(KERN_WARNING, k.modules.printModules());
  for (const l of [...currentStackInfo(k), ...callTraceLines(k, [...dumpStackFrames(k.layout), 'bad_page', ...frames].map((f) => ` ${k.syms.pS(f)}`))]) k.printk(KERN_WARNING, l);
  // taints after the stack is printed: the report's own CPU line may still read "Not tainted"
  k.panic.addTaint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
  k.rec.finding('mm.bad_page', title, { addr: k.va(pfn * PAGE_SIZE), page: '0x' + structPageAddr(k, pfn).toString(16), pfn: '0x' + pfn.toString(16), refcount, reason });
}

// check_new_page(), mm/page_alloc.c 5.14: a page taken from the free lists must look free; a bad one
// is reported and left out (rmqueue_bulk() skips it: the frame is lost to the allocator)
export function checkNewPage(k: Kernel, pfn: number): boolean {
  const reason = pageBadReason(k, pfn);
  if (reason === null) return false;
  badPage(k, pfn, reason, ['check_new_page_bad', 'rmqueue_bulk', 'get_page_from_freelist', '__alloc_pages']);
  return true;
}
