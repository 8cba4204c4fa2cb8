// The dentry cache (fs/dcache.c) and path walks over it (fs/namei.c).
import { Dcache } from '../../linux/fs/dcache.ts';
import { fsOps } from '../../scenario/ops/fs.ts';
import { FS_OPS } from '../../scenario/schema/fs.ts';
import { defineModule } from '../modules.ts';

export const dcacheModule = defineModule({
  name: 'dcache',
  deps: ['slub', 'traps', 'vmalloc', 'user'],
  create: (d) => new Dcache(d),
  steps: FS_OPS,
  ops: fsOps,
  findingKinds: [],
});
