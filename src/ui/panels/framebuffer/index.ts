// The Framebuffer view: what the display shows at the cursor, drawn from the scanout buffer's
// bytes, beside the picture just before suspend and just after resume. Offered for runs with a
// GPU. Loaded on first use.
import { lazy } from 'react';
import { ask, type RequestOf } from '../../../worker/protocol.ts';
import { definePanel, query } from '../contract.ts';
import { hasGpu } from '../vram/gpu.ts';
import { compareEvents, FB_STEP } from './fbModel.ts';
import { FRAMEBUFFER_FIELDS, type FramebufferSlice } from './slice.ts';

export const framebufferPanel = definePanel<FramebufferSlice>({
  title: 'Framebuffer',
  place: 'view',
  component: lazy(() => import('./FramebufferPanel.tsx').then((m) => ({ default: m.FramebufferPanel }))),
  loading: 'framebuffer',
  offered: hasGpu,
  fields: FRAMEBUFFER_FIELDS,
  atCursor: query({
    requests: () => [ask('framebuffer', { step: FB_STEP })] as const,
    receive: (_f, [now]) => ({ now }),
  }),
  ofRun: query({
    requests: (_f, { info }): [] | [RequestOf<'framebufferAt'>] => {
      const ev = compareEvents(info);
      return ev ? [ask('framebufferAt', { events: ev, step: FB_STEP })] : [];
    },
    receive: (_f, [compare]) => (compare ? { compare } : {}),
  }),
});
