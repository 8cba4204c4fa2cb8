// Import state for components: a slice of the import store, rerendering only when it changes.
import { useStore } from 'zustand';
import { useController } from '../context.ts';
import type { ImportState } from './importControl.ts';

export function useImport<T>(select: (s: ImportState) => T): T {
  return useStore(useController().imports.store, select);
}
