// The controller for components, and store selectors bound to its store.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Controller } from './controller.ts';
import type { AppState } from './store.ts';

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
