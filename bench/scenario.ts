// The benchmark workload: a long kmalloc/kfree churn on a 256 MiB machine.
import { Session } from '../src/sim/scenario/session.ts';

export function churnScenario(pairs: number): string {
  return JSON.stringify({
    format: 'kernscope/1',
    name: 'bench-slab-churn',
    title: 'kmalloc/kfree churn for benchmarks',
    config: { machine: { ramMiB: 256 } },
    steps: [
      {
        op: 'repeat',
        times: pairs,
        steps: [
          { op: 'kmalloc', size: 64, as: 'a' },
          { op: 'kmalloc', size: 200, as: 'b' },
          { op: 'kmalloc', size: 1000, as: 'c' },
          { op: 'kmalloc', size: 24, as: 'd' },
          { op: 'kfree', ptr: 'b' },
          { op: 'kfree', ptr: 'a' },
          { op: 'kfree', ptr: 'd' },
          { op: 'kfree', ptr: 'c' },
        ],
      },
    ],
  });
}

function total(text: string): number {
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session.total;
}

/** The churn with about `events` events: the number of rounds calibrated on a run of 1000 rounds. */
export function churnOf(events: number): string {
  const perRound = (total(churnScenario(1000)) - total(churnScenario(1))) / 999;
  return churnScenario(Math.round(events / perRound));
}
