// The controller for components, and store selectors bound to its store.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Controller } from './controller/controller.ts';
import type { PanelId, PanelSlices } from './panels/index.ts';
import type { AppState, RunSlot } from './store.ts';

export const ControllerContext = createContext<Controller | null>(null);

export function useController(): Controller {
  const c = useContext(ControllerContext);
  if (!c) throw new Error('useController outside <ControllerContext>');
  return c;
}

/** Subscribes to one slice; the component rerenders only when it changes (Object.is). */
export function useAppState<T>(select: (s: AppState) => T): T {
  return useStore(useController().store, select);
}

/** A scenario is being run: controls that would start another run wait. */
export function useLoading(): boolean {
  return useAppState((s) => s.opening.length > 0);
}

/** The run shown (the store can hold a second one for a what-if comparison). */
export function useRun<T>(select: (r: RunSlot) => T): T {
  return useAppState((s) => select(s.runs.a));
}

/** One panel's slice of the run shown. */
export function usePanel<K extends PanelId, T>(id: K, select: (p: PanelSlices[K]) => T): T {
  return useRun((r) => select(r.panels[id]));
}
