// The network stack's page_pool (net/core/page_pool.c) and the skbs that carry its pages
// (net/core/skbuff.c), with the ops that drive a NIC's RX path without a NIC.
import { PagePool } from '../../linux/net/core/page_pool.ts';
import { pagePoolOps } from '../../scenario/ops/page_pool.ts';
import { PAGE_POOL_OPS } from '../../scenario/schema/page_pool.ts';
import { defineModule } from '../modules.ts';

export const pagePoolModule = defineModule({
  name: 'page_pool',
  deps: ['mm', 'slub'],
  create: (d) => new PagePool(d.k, d.mm),
  steps: PAGE_POOL_OPS,
  ops: pagePoolOps,
  findingKinds: ['page_pool.double_recycle', 'page_pool.shared_page', 'mm.bad_page'],
});
