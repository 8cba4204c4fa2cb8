// A kernscope/1 scenario built from an imported report (docs/scenario-format.md), with the list of
// what the report did not say and the generator had to choose. The scenario format has no field
// for that list, so each inferred step also says so in its `note` and the description lists them.

export type StepValue = string | number | boolean | readonly string[] | readonly number[];
export type ScenarioStep = { readonly op: string } & { readonly [field: string]: StepValue };

export interface ScenarioJson {
  format: 'kernscope/1';
  name: string;
  title: string;
  description: string;
  source: string;
  config?: { cmdline?: string; kconfig?: Record<string, boolean> };
  steps: ScenarioStep[];
}

export interface GeneratedScenario {
  scenario: ScenarioJson;
  /** The finding kind the scenario reproduces (its `expect` step). */
  reproduces: string;
  /** Parts the report did not say, as "what: why". */
  inferred: string[];
}

/** A scenario slug from a title: lower case, [a-z0-9-]. */
export function slug(s: string): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return /^[a-z0-9]/.test(out) ? out : `imported-${out}`;
}

/** A call site as the scenario's `ip` field takes it: `fn+0xoff/0xsize` or `fn`, no module. */
export function site(fn: string, off?: string, size?: string): string {
  const name = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(fn) ? fn : fn.replace(/[^A-Za-z0-9_.]/g, '_').replace(/^[^A-Za-z_]/, '_');
  // an offset the function's size cannot hold (a frame the unwinder guessed) is dropped
  return off !== undefined && size !== undefined && parseInt(off, 16) < parseInt(size, 16) ? `${name}+${off}/${size}` : name;
}

/** A task name the scenario accepts (TASK_COMM_LEN). */
export function comm(s: string | undefined, fallback: string): string {
  const c = (s ?? '').trim();
  return c.length > 0 ? c.slice(0, 15) : fallback;
}
