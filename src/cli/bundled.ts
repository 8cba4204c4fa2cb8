// The scenarios shipped in scenarios/, read from the package directory.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');

export interface BundledScenario {
  name: string;
  file: string;
  text: string;
}

export function bundledScenarios(): BundledScenario[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), file: join(SCENARIO_DIR, f), text: readFileSync(join(SCENARIO_DIR, f), 'utf8') }));
}
