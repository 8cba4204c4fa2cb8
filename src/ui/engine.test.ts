import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KernscopeCore } from '../worker/core.ts';
import { ask } from '../worker/protocol.ts';
import { inProcessEngine } from './engine.ts';

describe('inProcessEngine', () => {
  it('hands out clones, as postMessage would: typed arrays arrive, the worker keeps nothing shared', async () => {
    const engine = inProcessEngine(new KernscopeCore());
    const r = await engine.open(readFileSync(new URL('../../scenarios/slub-use-after-free-poison.json', import.meta.url), 'utf8'));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const [moment, hex] = await engine.views(r.run, r.info.total, [ask('moment', {}), ask('hexView', { target: 'req', len: 64 })]);
    expect(moment.cursor).toBe(r.info.total);
    expect(hex.bytes).toBeInstanceOf(Uint8Array);
    expect(hex.len).toBe(64);
    hex.bytes.fill(0);
    const again = await engine.view(r.run, 'hexView', { target: 'req', len: 64 }, r.info.total);
    expect(again.bytes.some((b) => b !== 0)).toBe(true);
    await engine.close(r.run);
    await expect(engine.view(r.run, 'moment', {}, 0)).rejects.toThrow(/no longer open/);
  });
});
