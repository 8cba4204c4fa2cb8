// Every op's handler: the runner's own (raw memory access, expectations) and each machine module's.
import { MODULE_LIST } from '../../machine/modules/index.ts';
import type { ScenarioRunner } from '../runner.ts';
import type { LeafStep } from '../schema.ts';
import { controlOps } from './control.ts';
import { memoryOps } from './memory.ts';

export type OpHandler = (r: ScenarioRunner, step: LeafStep, path: string) => void;

export const OP_HANDLERS: Readonly<Record<string, OpHandler>> = Object.assign({}, memoryOps, controlOps, ...MODULE_LIST.map((m) => m.ops)) as Readonly<Record<string, OpHandler>>;
