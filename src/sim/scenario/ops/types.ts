// How op handlers plug into the runner: one table per subsystem, joined in ops/index.ts.
import type { LeafStep } from '../schema.ts';
import type { ScenarioRunner } from '../runner.ts';

export type OpName = LeafStep['op'];
export type StepOf<K extends OpName> = Extract<LeafStep, { op: K }>;
export type OpHandler<K extends OpName> = (r: ScenarioRunner, step: StepOf<K>, path: string) => void;
export type OpTable<K extends OpName> = { [P in K]: OpHandler<P> };
