// kaccess_per_s: simulated 8-byte kernel loads per second through the accessor the models use
// (kread64, src/sim/machine/kaccess.ts) on a booted 256 MiB machine, through direct-map pointers
// (where nearly every pointer a model follows points) scattered over the whole of RAM.
// Benchmarks, not tests: nothing here asserts.
import { performance } from 'node:perf_hooks';
import { kread64 } from '../src/sim/machine/kaccess.ts';
import { bootSys } from '../src/sim/machine/testing.ts';

const LOADS = 300_000;

export function kaccessPerS(): number {
  const { m } = bootSys({ ramMiB: 256 });
  const onFault = (addr: bigint): never => {
    throw new Error(`kaccess bench: unexpected fault at 0x${addr.toString(16)}`);
  };
  // 4096 addresses, 8-byte aligned, scattered over RAM by a fixed multiplicative step
  const ram = m.k.ramBytes;
  const addrs: bigint[] = [];
  for (let i = 0; i < 4096; i++) addrs.push(m.k.layout.pageOffset + BigInt(((i * 2654435761) % (ram / 8)) * 8));
  let sink = 0n;
  const run = (n: number) => {
    for (let i = 0; i < n; i++) sink ^= kread64(m, addrs[i & 4095]!, onFault);
  };
  run(50_000);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    run(LOADS);
    best = Math.min(best, performance.now() - t0);
  }
  // the loads' values are used, so the loop cannot be dropped
  if (sink === -1n) process.stderr.write('kaccess bench: impossible sink\n');
  return Math.round(LOADS / (best / 1000));
}
