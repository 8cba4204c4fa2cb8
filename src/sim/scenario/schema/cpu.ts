// CPU hotplug ops (docs/scenario-format.md, "CPUs, modules, power management").
import { z } from 'zod';
import { op } from './common.ts';

const needsCpu = (s: { cpu?: number | undefined }, ctx: z.RefinementCtx): void => {
  if (s.cpu === undefined) ctx.addIssue({ code: 'custom', message: 'expected the CPU to take down or bring up, but it is missing', path: ['cpu'] });
};

export const CPU_OPS = {
  cpu_down: op('cpu_down', {}).superRefine(needsCpu),
  cpu_up: op('cpu_up', {}).superRefine(needsCpu),
} as const;
