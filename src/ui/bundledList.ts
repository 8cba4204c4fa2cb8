// Bundled scenarios as the picker lists them, read from the raw files without running them.
import { byCodeUnits } from './byCodeUnits.ts';
export interface BundledScenario {
  name: string;
  title: string;
  text: string;
}

export const DEFAULT_SCENARIO = 'slub-redzone-overwrite';

function titleOf(text: string, name: string): string {
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === 'object' && 'title' in v && typeof v.title === 'string' && v.title.trim() !== '') return v.title;
    return name;
  } catch {
    return `${name} (not valid JSON)`;
  }
}

/** `files` maps a path like "/scenarios/x.json" to its text. */
export function bundledFromFiles(files: Readonly<Record<string, string>>): BundledScenario[] {
  return Object.entries(files)
    .map(([path, text]) => {
      const name = path.replace(/^.*\//, '').replace(/\.json$/, '');
      // read when first shown: parsing 49 scenarios on the way to the first render costs tens of ms
      let title: string | null = null;
      return {
        name,
        text,
        get title(): string {
          return (title ??= titleOf(text, name));
        },
      };
    })
    .sort((a, b) => byCodeUnits(a.name, b.name));
}

export function defaultScenario(list: readonly BundledScenario[]): BundledScenario | null {
  return list.find((b) => b.name === DEFAULT_SCENARIO) ?? list[0] ?? null;
}
