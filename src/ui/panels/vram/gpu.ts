// The GPU panels' common ground: whether a run has a GPU (they are offered only then), and the
// types of the GPU views as the worker answers them.
import type { RunInfo, ViewAnswer } from '../../../worker/protocol.ts';

export type VramMap = ViewAnswer<'vramMap'>;
export type VramMapBo = VramMap['bos'][number];
export type BoState = VramMapBo['state'];
export type BoHistoryRow = ViewAnswer<'boHistory'>[number];
export type GpuRunInfo = NonNullable<RunInfo['gpu']>;
export type EvictionLane = GpuRunInfo['lanes'][number];
export type EvictionSpan = EvictionLane['spans'][number];

/** The run's machine has a GPU with VRAM (scenario config.machine.vramMiB). */
export function hasGpu(info: RunInfo): boolean {
  return info.config.vramMiB > 0;
}

/** The states in the order the legend lists them. */
export const BO_STATES: readonly BoState[] = ['resident', 'pinned', 'evicting', 'evicted', 'failed'];

export const STATE_LABELS: Readonly<Record<BoState, string>> = {
  resident: 'resident',
  pinned: 'pinned',
  evicting: 'evicting',
  evicted: 'evicted',
  failed: 'eviction failed',
};

export const STATE_COLORS: Readonly<Record<BoState, string>> = {
  resident: '#3b6ea8',
  pinned: '#a371f7',
  evicting: '#e3b341',
  evicted: '#3fb950',
  failed: '#f85149',
};

/** A letter per state, drawn on the blocks and in the legend beside the color. */
export const STATE_MARKS: Readonly<Record<BoState, string>> = {
  resident: 'R',
  pinned: 'P',
  evicting: '→',
  evicted: 'E',
  failed: '✕',
};

/** States whose blocks are cross-hatched as well, so they read without color. */
export const STATE_HATCHED: ReadonlySet<BoState> = new Set(['failed', 'evicting']);

const ERRNO: Readonly<Record<number, string>> = { [-4]: '-EINTR', [-12]: '-ENOMEM', [-16]: '-EBUSY', [-22]: '-EINVAL', [-28]: '-ENOSPC', [-512]: '-ERESTARTSYS' };

export function errnoName(e: number): string {
  return ERRNO[e] ?? String(e);
}

/** Bytes as MiB or KiB, the way the views print sizes. */
export function sizeText(bytes: number): string {
  if (bytes >= 1 << 20) {
    const m = bytes / (1 << 20);
    return `${Number.isInteger(m) ? m : m.toFixed(2)} MiB`;
  }
  return `${Math.round(bytes / 1024)} KiB`;
}
