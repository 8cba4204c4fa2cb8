// Channels, drivers/gpu/drm/nouveau/nouveau_chan.c 5.10: nouveau_channel_new() for the driver's
// own "generic kernel channel" (drm->channel, which TTM's moves use on NV50), its fence context
// (nv84_fence_context_new()), and nouveau_channel_idle(): emit a fence and spin until it is done
// (nouveau_fence_wait(fence, lazy = false) polls, so it needs no interrupt).
import type { NouveauChan, NouveauDrm } from './nouveau_drm.ts';
import { nouveauFenceNew, nouveauFenceWaitBusy } from './nouveau_fence.ts';
import { nv84FenceContextNew } from './nv84_fence.ts';
import { nvError } from './nouveau_drv.ts';

export function nouveauChannelNew(drm: NouveauDrm, chid: number, name: string): NouveauChan {
  return drm.ttm.fg.call(
    'nouveau_channel_new',
    () => {
      const chan: NouveauChan = { chid, name, context: 0, sequence: 0, pending: [], notify: { ctor: false, ref: 0, enabled: false }, push: [] };
      drm.st.chans.push(chan);
      nv84FenceContextNew(drm, chan);
      return chan;
    },
    () => 0,
  );
}

export function nouveauChannelIdle(drm: NouveauDrm, chan: NouveauChan): number {
  return drm.ttm.fg.call('nouveau_channel_idle', () => {
    const at = drm.k.clock.ns;
    const r = nouveauFenceNew(drm, chan);
    let ret = r.ret;
    if (ret === 0) ret = drm.ttm.fg.call('nouveau_fence_wait', () => nouveauFenceWaitBusy(drm, r.fence!, at));
    if (ret) nvError(drm.k, `failed to idle channel ${chan.chid} [${chan.name}]`);
    return ret;
  });
}
