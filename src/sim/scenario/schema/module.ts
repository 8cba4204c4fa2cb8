// Module ops (docs/scenario-format.md, "CPUs, modules, power management").
import { z } from 'zod';
import { nonNegInt, op, posInt } from './common.ts';

const moduleName = z.string({ error: 'expected a module name (string)' }).regex(/^[a-z0-9_]{1,55}$/, { error: 'expected a module name of a-z, 0-9 and _ (at most 55 characters)' });

export const MODULE_OPS = {
  module_load: op('module_load', {
    name: moduleName,
    size: posInt.max(64 * 1024 * 1024, { error: 'expected a size of at most 67108864 bytes' }).optional(),
    lock_sites: z.union([nonNegInt.max(100000, { error: 'expected at most 100000 lock sites' }), z.array(nonNegInt).max(100000, { error: 'expected at most 100000 lock sites' })], { error: 'expected a count or a list of offsets into .text' }).optional(),
  }),
  module_unload: op('module_unload', { name: moduleName }),
} as const;
