// Raw memory access ops: the bug's own stores and loads.
import { z } from 'zod';
import { byte, byteArray, exactlyOne, hexBytes, name, op, posInt, target } from './common.ts';

export const MEMORY_OPS = {
  write: op('write', {
    ...target,
    bytes: byteArray.optional(),
    hex: hexBytes.optional(),
    u64: z.string({ error: 'expected a 64-bit value like "0xdeadbeef"' }).regex(/^0x[0-9a-fA-F]{1,16}$/, { error: 'expected a 64-bit value like "0xdeadbeef"' }).optional(),
    xor: byte.optional(),
  }).superRefine((s, ctx) => {
    exactlyOne(s, ['bytes', 'hex', 'u64', 'xor'], ctx);
    exactlyOne(s, ['ptr', 'addr'], ctx);
  }),
  read: op('read', { ...target, len: posInt.max(65536, { error: 'expected a length of at most 65536' }), as: name.optional() }).superRefine((s, ctx) => exactlyOne(s, ['ptr', 'addr'], ctx)),
} as const;
