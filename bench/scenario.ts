// The benchmark workload: a long kmalloc/kfree churn on a 256 MiB machine.
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
