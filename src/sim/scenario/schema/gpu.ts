// GPU ops: a desktop's buffer objects on the nouveau-driven GPU (docs/scenario-format.md, "GPU,
// VRAM and TTM"). They need a machine with VRAM (config.machine.vramMiB > 0).
import { z } from 'zod';
import { exactlyOne, name, op, posInt } from './common.ts';

export const GEM_DOMAINS = ['VRAM', 'GART', 'CPU'] as const;
export const BO_CONTENTS = ['zero', 'header', 'image'] as const;

const client = z.string({ error: 'expected a client (process) name' }).regex(/^[A-Za-z0-9_.:-]{1,32}$/, { error: 'expected a client name of letters, digits, _ . : - (at most 32)' });

export const GPU_OPS = {
  drm_bo_new: op('drm_bo_new', {
    bo: name,
    size: posInt.max(4096 * 1024 * 1024, { error: 'expected a size of at most 4 GiB' }),
    count: posInt.max(65536, { error: 'expected a count of at most 65536 per step' }).optional(),
    domain: z.enum(GEM_DOMAINS, { error: `expected a GEM domain: ${GEM_DOMAINS.join(', ')}` }).optional(),
    client: client.optional(),
    content: z.enum(BO_CONTENTS, { error: `expected one of ${BO_CONTENTS.join(', ')}` }).optional(),
  }),
  drm_bo_free: op('drm_bo_free', { bo: name.optional(), client: client.optional() }).superRefine((s, ctx) => exactlyOne(s, ['bo', 'client'], ctx)),
  drm_bo_use: op('drm_bo_use', { bo: name.optional(), client: client.optional() }).superRefine((s, ctx) => exactlyOne(s, ['bo', 'client'], ctx)),
  drm_scanout: op('drm_scanout', { bo: name }),
} as const;

/** Ops that need config.machine.vramMiB > 0. */
export const GPU_OP_NAMES: readonly string[] = Object.keys(GPU_OPS);
