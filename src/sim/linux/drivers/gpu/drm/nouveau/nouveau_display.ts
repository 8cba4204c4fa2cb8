// The display around suspend, drivers/gpu/drm/nouveau/nouveau_display.c 5.10 with the atomic
// helpers it calls: nouveau_display_suspend() -> drm_atomic_helper_suspend() turns the heads off,
// and cleanup_fb unpins what they scanned out (so it can be evicted like any buffer);
// nouveau_display_resume() -> drm_atomic_helper_resume() pins it in VRAM again (prepare_fb) and
// scans it out. kernscope remembers what the screen showed before suspend and compares it with
// what the head scans out once the GPU has finished its work after resume: the garbled
// framebuffer of the thread is a gpu.framebuffer_garbled finding.
import { eventKind } from '../../../../../engine/events.ts';
import { Hasher } from '../../../../../engine/hash.ts';
import { PAGE_SIZE } from '../../../../include/linux/mm_types.ts';
import type { TtmBo } from '../../../../include/drm/ttm/ttm_bo_api.ts';
import { memTypeName, TTM_PL_VRAM } from '../../../../include/drm/ttm/ttm_placement.ts';
import { VRAM_PROV_BASE } from '../../../../../machine/gpu.ts';
import { scheduleTimeout } from '../../../../kernel/time/timer.ts';
import type { NouveauDrm } from './nouveau_drm.ts';
import { NOUVEAU_GEM_DOMAIN_VRAM, nouveauBoPin, nouveauBoUnpin } from './nouveau_bo.ts';

export const EV_SCANOUT = eventKind('drm.scanout');
export const EV_SCREEN_CHECK = eventKind('drm.screen_check');

/** Page i of a buffer as the CPU or the display would read it now (null: zeroes). */
export function boPage(drm: NouveauDrm, bo: TtmBo, i: number): Uint8Array | null {
  if (bo.mem.memType === TTM_PL_VRAM) return drm.gpu.pageRO((bo.mem.start + i) * PAGE_SIZE);
  const pfn = bo.ttm?.pages[i] ?? -1;
  return pfn < 0 ? null : drm.k.mem.frameRO(pfn);
}

function pageHash(p: Uint8Array | null): string {
  if (!p) return '0';
  const w = new Uint32Array(p.buffer, p.byteOffset, PAGE_SIZE / 4);
  let zero = true;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) { zero = false; break; }
  if (zero) return '0';
  return new Hasher().words(w).hex();
}

/** The head scans out this buffer: pin the new one in VRAM, unpin the old (prepare_fb / cleanup_fb). */
export function nouveauDisplayScanout(drm: NouveauDrm, bo: TtmBo): number {
  const k = drm.k;
  k.rec.emit(EV_SCANOUT, bo.id, 0, { bo: bo.name });
  const ret = nouveauBoPin(drm, bo, NOUVEAU_GEM_DOMAIN_VRAM, true);
  if (ret) return ret;
  const old = drm.st.scanout;
  drm.st.scanout = bo.id;
  if (old >= 0 && old !== bo.id) nouveauBoUnpin(drm, drm.ttm.bo(old));
  return 0;
}

// nouveau_display_suspend(): the heads go off; what they showed is unpinned
export function nouveauDisplaySuspend(drm: NouveauDrm): number {
  return drm.ttm.fg.call('nouveau_display_suspend', () => {
    const id = drm.st.scanout;
    drm.st.savedScanout = id;
    if (id < 0) return 0;
    const bo = drm.ttm.bo(id);
    // kernscope: the picture the user saw
    drm.st.screen = Array.from({ length: bo.numPages }, (_, i) => pageHash(boPage(drm, bo, i)));
    drm.st.scanout = -1;
    drm.k.rec.emit(EV_SCANOUT, -1, 0, { bo: '' });
    return nouveauBoUnpin(drm, bo);
  });
}

// nouveau_display_resume(): the saved state back: the framebuffer pinned in VRAM and scanned out
export function nouveauDisplayResume(drm: NouveauDrm): void {
  drm.ttm.fg.call('nouveau_display_resume', () => {
    const id = drm.st.savedScanout;
    drm.st.savedScanout = -1;
    if (id < 0) return 0;
    return nouveauDisplayScanout(drm, drm.ttm.bo(id));
  });
}

/** kernscope: the first frame after resume (the next vblank), compared with the last before suspend. */
export function screenCheck(drm: NouveauDrm): void {
  const k = drm.k;
  const id = drm.st.scanout;
  const before = drm.st.screen;
  drm.st.screen = null;
  if (id < 0 || !before) return;
  // one vblank later the copy engine has finished whatever the resume queued
  scheduleTimeout(k, 5, () => false);
  const bo = drm.ttm.bo(id);
  let bad = -1;
  let badPages = 0;
  for (let i = 0; i < bo.numPages; i++) {
    if (pageHash(boPage(drm, bo, i)) === before[i]) continue;
    badPages++;
    if (bad < 0) bad = i;
  }
  k.rec.emit(EV_SCREEN_CHECK, id, badPages, { bo: bo.name, pages: bo.numPages, changed: badPages });
  if (badPages === 0) return;
  const off = (bo.mem.start + bad) * PAGE_SIZE;
  const prov = bo.mem.memType === TTM_PL_VRAM ? k.rec.provenance(VRAM_PROV_BASE + off, 1, k.rec.pos)[0] : null;
  const page = boPage(drm, bo, bad);
  const word = page ? new DataView(page.buffer, page.byteOffset).getUint32(0, true) : 0;
  k.rec.finding('gpu.framebuffer_garbled', `the framebuffer scanned out after resume (${bo.name}) differs from before suspend in ${badPages} of ${bo.numPages} pages`, {
    bo: bo.name,
    mem: memTypeName(bo.mem.memType),
    pages: bo.numPages,
    changed_pages: badPages,
    first_page: bad,
    vram_offset: `0x${off.toString(16)}`,
    first_word: `0x${word.toString(16).padStart(8, '0')}`,
    writer: prov?.writer ?? '',
  });
}
