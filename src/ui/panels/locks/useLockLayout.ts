// The layout of a lock scene, computed again only when its structure changes (scene.key):
// small graphs at once, large ones in a worker so the page stays responsive meanwhile.
import * as Comlink from 'comlink';
import { useEffect, useMemo, useState } from 'react';
import type { LockScene } from './lockGraphModel.ts';
import { layoutLockGraph, type LayoutEdgeIn, type LayoutNodeIn, type LockLayout } from './lockLayout.ts';

/** Up to this many classes + dependencies dagre takes milliseconds: no worker round trip. */
export const SYNC_LAYOUT_MAX = 80;

interface LayoutApi {
  layout(nodes: LayoutNodeIn[], edges: LayoutEdgeIn[]): LockLayout;
}

let worker: Comlink.Remote<LayoutApi> | null = null;

function layoutWorker(): Comlink.Remote<LayoutApi> | null {
  if (typeof Worker === 'undefined') return null;
  worker ??= Comlink.wrap<LayoutApi>(new Worker(new URL('./lockLayout.worker.ts', import.meta.url), { type: 'module' }));
  return worker;
}

function inputs(scene: LockScene): [LayoutNodeIn[], LayoutEdgeIn[]] {
  return [scene.nodes.map(({ id, width, height }) => ({ id, width, height })), scene.edges.map(({ id, from, to, labelWidth, labelHeight }) => ({ id, from, to, labelWidth, labelHeight }))];
}

export interface KeyedLayout {
  key: string;
  layout: LockLayout;
}

/** The layout for the scene's key; while a large one is computed, the previous one (or null). */
export function useLockLayout(scene: LockScene): KeyedLayout | null {
  const key = scene.key;
  const small = scene.nodes.length + scene.edges.length <= SYNC_LAYOUT_MAX || typeof Worker === 'undefined';
  // the key stands for the structure: the scene object itself changes at every cursor
  const sync = useMemo<KeyedLayout | null>(() => (small ? { key, layout: layoutLockGraph(...inputs(scene)) } : null), [key, small]);
  const [big, setBig] = useState<KeyedLayout | null>(null);
  useEffect(() => {
    if (small) return;
    let live = true;
    void layoutWorker()!
      .layout(...inputs(scene))
      .then((layout) => {
        if (live) setBig({ key, layout });
      });
    return () => {
      live = false;
    };
  }, [key, small]);
  return sync ?? big;
}
