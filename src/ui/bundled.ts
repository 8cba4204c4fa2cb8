// The scenarios shipped in scenarios/*.json, inlined at build time.
import { bundledFromFiles, type BundledScenario } from './bundledList.ts';

const files = import.meta.glob<string>('/scenarios/*.json', { query: '?raw', import: 'default', eager: true });

export const BUNDLED: readonly BundledScenario[] = bundledFromFiles(files);
