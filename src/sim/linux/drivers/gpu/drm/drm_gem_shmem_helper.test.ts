// drm_gem_shmem_vmap()/vunmap(), 5.19 and the v6 series: a mapped object keeps its pages through reclaim.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../../scenario/session.ts';

function run(generic: boolean, steps: object[]): Session {
  const text = JSON.stringify({
    format: 'kernscope/1',
    name: 'shmem-vmap-test',
    config: { seed: 3, machine: { arch: 'arm64', kernel: '5.19', cpus: 2, ramMiB: 128, gpu: 'Mali-T860' }, patches: { drm_shmem_generic_shrinker: generic } },
    steps,
  });
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

const SETUP = [
  { op: 'panfrost_create_bo', bo: 'bo', pages: 256, count: 3 },
  { op: 'panfrost_madvise', bo: 'bo.1', madv: 'DONTNEED' },
  { op: 'panfrost_madvise', bo: 'bo.2', madv: 'DONTNEED' },
  { op: 'drm_gem_vmap', bo: 'bo.1' },
  { op: 'drm_gem_vmap', bo: 'bo.1' },
  { op: 'expect_gem', bo: 'bo.1', vmap_use_count: 2 },
];

function passes(s: Session): void {
  const rep = s.report();
  expect(rep.errors).toBeUndefined();
  for (const e of rep.expectations) expect(e, e.message).toMatchObject({ pass: true });
}

describe('drm_gem_shmem_vmap()', () => {
  for (const generic of [false, true]) {
    it(`keeps a mapped DONTNEED object through the shrinker, and lets it go once unmapped (${generic ? 'v6 generic shrinker' : '5.19 Panfrost shrinker'})`, () => {
      const s = run(generic, [
        ...SETUP,
        { op: 'user_fault', task: 'cc1', pressure: true, pages: 64 },
        { op: 'expect_gem', bo: 'bo.1', madv: 1, resident: 256 },
        { op: 'expect_gem', bo: 'bo.2', madv: -1, resident: 0 },
        { op: 'drm_gem_vunmap', bo: 'bo.1' },
        { op: 'expect_gem', bo: 'bo.1', vmap_use_count: 1, resident: 256 },
        { op: 'drm_gem_vunmap', bo: 'bo.1' },
        { op: 'expect_gem', bo: 'bo.1', vmap_use_count: 0 },
        { op: 'user_fault', task: 'cc2', pressure: true, pages: 64 },
        { op: 'expect_gem', bo: 'bo.1', madv: -1, resident: 0 },
      ]);
      passes(s);
    });
  }

  it('maps the pages at one vmalloc address, shown by the GEM view with the counts', () => {
    const s = run(true, SETUP);
    passes(s);
    const o = s.runner.machine.panfrost.object('bo.1')!;
    const view = s.runner.machine.vmalloc.list().find((a) => a.caller === 'drm_gem_shmem_vmap')!;
    expect(view.pages).toEqual(o.frames);
    expect(view.addr >= s.runner.machine.k.layout.vmallocStart).toBe(true);
  });

  it('rejects an unmap of an object that is not mapped', () => {
    const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 't', config: { machine: { arch: 'arm64', kernel: '5.19', gpu: 'Mali-T860' } }, steps: [{ op: 'panfrost_create_bo', bo: 'b', pages: 4 }, { op: 'drm_gem_vunmap', bo: 'b' }] }));
    expect(r.ok && r.session.report().errors?.[0]).toMatchObject({ path: 'steps[1].bo' });
  });
});
