// alloc_pages() / __free_pages() as scenario ops: the buddy allocator plus
// init_on_alloc / init_on_free zeroing (post_alloc_hook(), free_pages_prepare(), mm/page_alloc.c 6.8).
import { eventKind, KERN_ALERT, KERN_EMERG, KERN_WARNING } from '../../../engine/recorder.ts';
import type { Machine } from '../../../machine/machine.ts';
import { F_MAPCOUNT, F_REFCOUNT, PAGE_SIZE, PG_buddy } from './mm_types.ts';
import { formatPageFlags } from './page-flags-layout.ts';
import { framePfn, pfnToPage } from '../asm-generic/memory_model.ts';

export const EV_ALLOC_PAGES = eventKind('page.alloc');
export const EV_FREE_PAGES = eventKind('page.free');

const OWNER_PAGES = 'pages (alloc_pages)';

export function allocPagesOp(m: Machine, order: number): number | null {
  const k = m.k;
  k.rec.emit(EV_ALLOC_PAGES, -1, order);
  const pfn = k.buddy.allocPages(order, false, k.pages.ownerId(OWNER_PAGES));
  if (pfn === null) {
    k.printk(KERN_WARNING, `${k.rec.ctx.task}: page allocation failure: order:${order}, mode:0xcc0(GFP_KERNEL), nodemask=(null)`);
    return null;
  }
  if (m.mm.wantInitOnAlloc()) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE << order, 0, 'init_on_alloc (kernel_init_pages)');
  return pfn;
}

/** __free_pages(): drops a reference; the block goes back to the buddy lists when it was the last one. */
export function freePagesOp(m: Machine, pfn: number, order: number): void {
  const k = m.k;
  const p = k.pages;
  k.rec.emit(EV_FREE_PAGES, pfn * PAGE_SIZE, order);
  const ref = p.get(pfn, F_REFCOUNT);
  if (ref <= 0) {
    if (k.kconfig('CONFIG_DEBUG_VM')) {
      // VM_BUG_ON_PAGE(page_ref_count(page) == 0, page) in put_page_testzero()
      const flags = formatPageFlags(k, pfn, 0n, p.test(pfn, PG_buddy) ? ['buddy'] : []);
      const title = `BUG: Bad page state in process ${k.rec.ctx.task}  pfn:${framePfn(k.layout, pfn).toString(16).padStart(5, '0')}`;
      k.printk(KERN_ALERT, title);
      // __dump_page(): "page:%p", the struct page itself, not the memory it describes
      const page = pfnToPage(k.layout, pfn).toString(16).padStart(16, '0');
      k.printk(KERN_ALERT, `page:${page} refcount:0 mapcount:${p.get(pfn, F_MAPCOUNT)} mapping:0000000000000000 index:0x0 pfn:0x${framePfn(k.layout, pfn).toString(16)}`);
      k.printk(KERN_ALERT, `flags: ${flags}`);
      k.printk(KERN_ALERT, 'page dumped because: VM_BUG_ON_PAGE(page_ref_count(page) == 0)');
      k.printk(KERN_EMERG, '------------[ cut here ]------------');
      k.printk(KERN_EMERG, 'kernel BUG at include/linux/mm.h:1086!');
      k.rec.finding('mm.bad_page', title, { addr: k.va(pfn * PAGE_SIZE), page: `0x${page}`, pfn: '0x' + pfn.toString(16), reason: 'VM_BUG_ON_PAGE(page_ref_count(page) == 0)' });
      return;
    }
    // without CONFIG_DEBUG_VM the reference count silently underflows and nothing is freed
    p.set(pfn, F_REFCOUNT, ref - 1);
    return;
  }
  p.set(pfn, F_REFCOUNT, ref - 1);
  if (ref - 1 > 0) return;
  if (m.mm.wantInitOnFree()) k.memFill(pfn * PAGE_SIZE, PAGE_SIZE << order, 0, 'init_on_free (kernel_init_pages)');
  k.buddy.freeBlock(pfn, order);
}
