// User address-space ops: anonymous mappings and madvise() (docs/scenario-format.md, "User address spaces and madvise").
import { z } from 'zod';
import { ANON_FOLIO_ORDERS } from '../../linux/mm/mmap.ts';
import { MADV_ADVICE } from '../../linux/mm/madvise.ts';
import { exactlyOne, name, nonNegInt, op, posInt } from './common.ts';

const PAGE = 4096;
/** 256 MiB of 4 KiB pages: a mapping larger than that is not what the model is for. */
const MAX_PAGES = 65536;

const folioAttrs = z.strictObject(
  {
    index: nonNegInt,
    locked: z.boolean({ error: 'expected true or false' }).optional(),
    shared: z.boolean({ error: 'expected true or false' }).optional(),
    pinned: z.boolean({ error: 'expected true or false' }).optional(),
  },
  { error: 'expected a folio object like { "index": 0, "pinned": true }' },
);

export const MM_OPS = {
  mmap: op('mmap', {
    as: name,
    size: posInt.optional(),
    pages: posInt.max(MAX_PAGES, { error: `expected at most ${MAX_PAGES} pages` }).optional(),
    folio_order: z
      .number({ error: 'expected a folio order' })
      .int({ error: 'expected a folio order' })
      .refine((o) => ANON_FOLIO_ORDERS.includes(o), { error: 'expected an anonymous folio order: 0 or 2..8 (4 = 64 KiB mTHP)' })
      .optional(),
    folios: z.array(folioAttrs, { error: 'expected an array of folio objects' }).max(4096, { error: 'expected at most 4096 folio entries' }).optional(),
  }).superRefine((s, ctx) => {
    exactlyOne(s, ['size', 'pages'], ctx);
    if (s.size !== undefined && s.size % PAGE !== 0) ctx.addIssue({ code: 'custom', message: `expected a multiple of ${PAGE} bytes`, path: ['size'] });
    if (s.size !== undefined && s.size / PAGE > MAX_PAGES) ctx.addIssue({ code: 'custom', message: `expected at most ${MAX_PAGES * PAGE} bytes`, path: ['size'] });
    const pages = s.pages ?? Math.floor((s.size ?? 0) / PAGE);
    const nr = 1 << (s.folio_order ?? 4);
    const folios = Math.floor(pages / nr);
    const seen = new Set<number>();
    (s.folios ?? []).forEach((f, i) => {
      if (pages > 0 && f.index >= folios) ctx.addIssue({ code: 'custom', message: `expected a folio index below ${folios} (the mapping holds ${folios} folios of ${nr} pages)`, path: ['folios', i, 'index'] });
      if (seen.has(f.index)) ctx.addIssue({ code: 'custom', message: `folio ${f.index} is listed twice`, path: ['folios', i, 'index'] });
      seen.add(f.index);
    });
  }),
  madvise: op('madvise', {
    ptr: name,
    offset: nonNegInt.optional(),
    len: posInt,
    advice: z.enum(MADV_ADVICE as [string, ...string[]], { error: `expected one of ${MADV_ADVICE.join(', ')}` }),
  }).superRefine((s, ctx) => {
    if (s.offset !== undefined && s.offset % PAGE !== 0) ctx.addIssue({ code: 'custom', message: `expected a multiple of ${PAGE} (madvise() needs a page-aligned start)`, path: ['offset'] });
  }),
} as const;
