// page_pool and skb ops (docs/scenario-format.md, "page_pool and skbs"): a pool of a NIC's RX
// pages, fragments of them, skbs built on them, clones, head expansion, frees, and expect_page.
import { z } from 'zod';
import { common, name, nonNegInt, op, posInt } from './common.ts';
import { DMA_DIRS, PP_FLAG_NAMES } from '../../linux/include/net/page_pool.ts';
import { RACE_STEPS } from '../../linux/net/core/page_pool.ts';

const FLAGS = PP_FLAG_NAMES.map(([, n]) => n) as [string, ...string[]];
const flag = z.enum(FLAGS, { error: `expected a page_pool flag: ${FLAGS.join(', ')}` });
const bool = z.boolean({ error: 'expected true or false' });
const RACE_MOVES = [0, 1].flatMap((c) => RACE_STEPS.map((st) => `${c}:${st}`)) as [string, ...string[]];
// another CPU in page_pool_alloc_pages() on the same pool at the same time, and the order of the two CPUs' loads and stores
const during = z.object(
  {
    cpu: nonNegInt,
    task: common.task.unwrap(),
    as: name,
    interleave: z.array(z.enum(RACE_MOVES, { error: `expected one of ${RACE_MOVES.join(', ')}` }), { error: 'expected an array of "<0|1>:<step>" moves' }).length(RACE_MOVES.length, { error: `expected the ${RACE_MOVES.length} moves of both CPUs` }).optional(),
  },
  { error: 'expected { cpu, task, as, interleave? }' },
);

export const PAGE_POOL_OPS = {
  page_pool_create: op('page_pool_create', {
    pool: name,
    order: nonNegInt.max(10, { error: 'expected an order of 0..10' }).optional(),
    pool_size: posInt.optional(),
    flags: z.array(flag, { error: 'expected an array of page_pool flags' }).max(4).optional(),
    nid: z.number({ error: 'expected a NUMA node id or -1' }).int({ error: 'expected a NUMA node id or -1' }).min(-1, { error: 'expected a NUMA node id or -1' }).optional(),
    dma_dir: z.enum(DMA_DIRS, { error: `expected ${DMA_DIRS.join(', ')}` }).optional(),
    max_len: posInt.optional(),
    frag_size: posInt.optional(),
  }),
  page_pool_alloc: op('page_pool_alloc', { pool: name, as: name, frag_size: posInt.optional(), pagecnt_bias: bool.optional(), during: during.optional() }),
  page_pool_put: op('page_pool_put', { pool: name, buf: name, direct: bool.optional() }),
  page_pool_destroy: op('page_pool_destroy', { pool: name }),
  napi_build_skb: op('napi_build_skb', { skb: name, buf: name, offset: nonNegInt.optional(), size: posInt.optional() }),
  build_skb: op('build_skb', { skb: name, buf: name, offset: nonNegInt.optional(), size: posInt.optional() }),
  napi_alloc_skb: op('napi_alloc_skb', { skb: name, len: posInt.max(1024, { error: 'expected at most 1024 bytes (SKB_WITH_OVERHEAD(1024): a kmalloc head)' }) }),
  skb_pull: op('skb_pull', { skb: name, len: posInt }),
  tcp_try_coalesce: op('tcp_try_coalesce', { to: name, from: name }),
  skb_add_rx_frag: op('skb_add_rx_frag', { skb: name, buf: name, offset: nonNegInt.optional(), size: posInt.optional() }),
  skb_mark_for_recycle: op('skb_mark_for_recycle', { skb: name }),
  skb_clone: op('skb_clone', { skb: name, as: name }),
  pskb_expand_head: op('pskb_expand_head', { skb: name, nhead: nonNegInt.max(4096, { error: 'expected at most 4096 bytes of headroom' }).optional() }),
  kfree_skb: op('kfree_skb', { skb: name }),
  consume_skb: op('consume_skb', { skb: name }),
  expect_page: op('expect_page', {
    buf: name,
    refcount: z.number({ error: 'expected an integer' }).int({ error: 'expected an integer' }).optional(),
    pagecnt_bias: nonNegInt.optional(),
    pp_frag_count: z.string({ error: 'expected a decimal string like "1"' }).regex(/^-?[0-9]{1,20}$/, { error: 'expected a decimal string like "1"' }).optional(),
    pp_magic: bool.optional(),
    in_ring: nonNegInt.optional(),
    in_cache: nonNegInt.optional(),
    owners: z.array(name, { error: 'expected an array of skb names' }).optional(),
  }),
} as const;
