// The machine's modules, in the order their state is saved and hashed. The machine creates them
// in dependency order (a module after everything it declares), whatever their place here.
import type { AnyModuleDef } from '../modules.ts';
import { altModule } from './alt.ts';
import { cpusModule } from './cpus.ts';
import { dcacheModule } from './dcache.ts';
import { devicesModule } from './devices.ts';
import { lockingModule } from './locking.ts';
import { mmModule } from './mm.ts';
import { modulesModule } from './modules.ts';
import { pmModule } from './pm.ts';
import { slubModule } from './slub.ts';
import { trapsModule } from './traps.ts';
import { userModule } from './user.ts';
import { usermmModule } from './usermm.ts';
import { vmallocModule } from './vmalloc.ts';
import { ttmModule } from './ttm.ts';
import { nouveauModule } from './nouveau.ts';
import { listsModule } from './lists.ts';
import { pagePoolModule } from './page_pool.ts';
import { panfrostModule } from './panfrost.ts';
import { pagecacheModule } from './pagecache.ts';

export const MODULES = [
  mmModule,
  slubModule,
  lockingModule,
  trapsModule,
  vmallocModule,
  modulesModule,
  altModule,
  cpusModule,
  devicesModule,
  pmModule,
  dcacheModule,
  userModule,
  usermmModule,
  ttmModule,
  nouveauModule,
  listsModule,
  pagePoolModule,
  panfrostModule,
  pagecacheModule,
] as const;

/** The list as the machine iterates it. */
export const MODULE_LIST: readonly AnyModuleDef[] = MODULES as readonly AnyModuleDef[];
