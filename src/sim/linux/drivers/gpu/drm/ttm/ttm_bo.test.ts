// TTM's behaviour in the cases of its KUnit suite (drivers/gpu/drm/ttm/tests/ttm_bo_validate_test.c,
// ttm_resource_test.c, 6.x), on the 5.10 model through the KUnit-style ops.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../../../scenario/session.ts';

function run(steps: object[]): Session {
  const text = JSON.stringify({ format: 'kernscope/1', name: 'ttm-test', config: { machine: { kernel: '5.10' } }, steps: [{ op: 'ttm_device', device: 'dev', managers: { VRAM: 8, TT: 64 } }, ...steps] });
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

function expectAllPass(s: Session): void {
  const rep = s.report();
  expect(rep.errors).toBeUndefined();
  for (const e of rep.expectations) expect(e, e.message).toMatchObject({ pass: true });
}

describe('TTM validation and eviction (KUnit-style)', () => {
  it('places a new object in the first placement with room, on its LRU, and counts the bytes moved', () => {
    const s = run([
      { op: 'ttm_bo_create', device: 'dev', bo: 'a', pages: 4, placement: ['VRAM'] },
      { op: 'expect_bo', bo: 'a', mem: 'VRAM', lru: true, pinned: false, error: 0, bytes_moved: 4 * 4096 },
      { op: 'ttm_bo_validate', bo: 'a', placement: ['VRAM'] },
      { op: 'expect_bo', bo: 'a', mem: 'VRAM', error: 0, bytes_moved: 0 },
    ]);
    expectAllPass(s);
  });

  it('evicts the head of the LRU to make room, to the driver\'s evict placement', () => {
    const s = run([
      { op: 'ttm_bo_create', device: 'dev', bo: 'a', pages: 4, placement: ['VRAM'] },
      { op: 'ttm_bo_create', device: 'dev', bo: 'b', pages: 4, placement: ['VRAM'] },
      { op: 'ttm_bo_create', device: 'dev', bo: 'c', pages: 4, placement: ['VRAM'] },
      { op: 'expect_bo', bo: 'a', mem: 'TT', lru: true },
      { op: 'expect_bo', bo: 'b', mem: 'VRAM' },
      { op: 'expect_bo', bo: 'c', mem: 'VRAM', error: 0 },
    ]);
    expectAllPass(s);
  });

  it('skips pinned objects (off the LRU) and lower priorities go first', () => {
    const s = run([
      { op: 'ttm_bo_create', device: 'dev', bo: 'a', pages: 2, placement: ['VRAM'] },
      { op: 'ttm_bo_create', device: 'dev', bo: 'hi', pages: 2, placement: ['VRAM'], priority: 1 },
      { op: 'ttm_bo_create', device: 'dev', bo: 'b', pages: 4, placement: ['VRAM'] },
      { op: 'ttm_bo_pin', bo: 'a' },
      { op: 'expect_bo', bo: 'a', lru: false, pinned: true },
      { op: 'ttm_bo_create', device: 'dev', bo: 'c', pages: 4, placement: ['VRAM'] },
      { op: 'expect_bo', bo: 'a', mem: 'VRAM', pinned: true },
      { op: 'expect_bo', bo: 'b', mem: 'TT' },
      { op: 'expect_bo', bo: 'hi', mem: 'VRAM' },
      { op: 'ttm_bo_unpin', bo: 'a' },
      { op: 'expect_bo', bo: 'a', lru: true, pinned: false },
    ]);
    expectAllPass(s);
  });

  it('waits for a busy object\'s fence, or gives up with no_wait_gpu', () => {
    const s = run([
      { op: 'ttm_bo_create', device: 'dev', bo: 'a', pages: 8, placement: ['VRAM'] },
      { op: 'ttm_bo_fence', bo: 'a', after_us: 200 },
      { op: 'ttm_bo_validate', bo: 'a', placement: ['TT'] },
      { op: 'expect_bo', bo: 'a', mem: 'TT', error: 0 },
      { op: 'ttm_bo_fence', bo: 'a', never: true },
      { op: 'ttm_bo_validate', bo: 'a', placement: ['VRAM'], no_wait_gpu: true },
      { op: 'expect_bo', bo: 'a', mem: 'TT', error: -16 },
    ]);
    expectAllPass(s);
  });

  it('fails with -ENOMEM when nothing can be evicted and prints the eviction failure of a busy object', () => {
    const s = run([
      { op: 'ttm_bo_create', device: 'dev', bo: 'a', pages: 8, placement: ['VRAM'] },
      { op: 'ttm_bo_fence', bo: 'a', never: true },
      { op: 'ttm_bo_create', device: 'dev', bo: 'b', pages: 4, placement: ['SYSTEM'] },
      { op: 'ttm_bo_validate', bo: 'b', placement: ['VRAM'], no_wait_gpu: true },
      { op: 'expect_bo', bo: 'b', mem: 'SYSTEM', error: -12 },
      { op: 'expect_bo', bo: 'a', mem: 'VRAM' },
      { op: 'expect', finding: 'ttm.eviction_failed', count: 1 },
    ]);
    expectAllPass(s);
    expect(s.report().dmesg).toContain('[TTM] Buffer eviction failed');
  });

  it('a placement without a manager is -EINVAL ("No compatible memory type found")', () => {
    const s = run([
      { op: 'ttm_bo_create', device: 'dev', bo: 'a', pages: 1, placement: ['PRIV'] },
      { op: 'expect_bo', bo: 'a', destroyed: true, error: -22 },
    ]);
    expectAllPass(s);
    expect(s.report().dmesg).toContain('[TTM] No compatible memory type found');
  });

  it('ttm_bo_evict_mm() empties a manager except pinned objects', () => {
    const s = run([
      { op: 'ttm_bo_create', device: 'dev', bo: 'x', pages: 2, placement: ['VRAM'], count: 3 },
      { op: 'ttm_bo_pin', bo: 'x.1' },
      { op: 'ttm_evict_mm', device: 'dev', mem: 'VRAM' },
      { op: 'expect_bo', bo: 'x.0', mem: 'TT' },
      { op: 'expect_bo', bo: 'x.1', mem: 'VRAM', pinned: true },
      { op: 'expect_bo', bo: 'x.2', mem: 'TT' },
    ]);
    expectAllPass(s);
  });
});
