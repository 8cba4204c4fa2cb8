// The page cache of regular files (mm/filemap.c) and drop_caches (fs/drop_caches.c).
import { PageCache } from '../../linux/mm/filemap.ts';
import { pageCacheOps } from '../../scenario/ops/pagecache.ts';
import { PAGECACHE_OPS } from '../../scenario/schema/pagecache.ts';
import { defineModule } from '../modules.ts';

export const pagecacheModule = defineModule({
  name: 'pagecache',
  deps: [],
  create: (d) => new PageCache(d.k),
  steps: PAGECACHE_OPS,
  ops: pageCacheOps,
  findingKinds: ['mm.page_cache_corruption'],
});
