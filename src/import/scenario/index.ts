// A scenario for an imported finding, when its kind has a generator.
import type { ImportedFinding } from '../types.ts';
import { lockdepScenario } from './lockdep.ts';
import { slubScenario } from './slub.ts';
import type { GeneratedScenario } from './types.ts';

export function scenarioFor(f: ImportedFinding): GeneratedScenario | null {
  if (f.kind.startsWith('lockdep.')) return lockdepScenario(f);
  if (f.kind.startsWith('slub.')) return slubScenario(f);
  return null;
}
