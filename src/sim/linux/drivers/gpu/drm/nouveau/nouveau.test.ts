import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Session, type RunOverrides } from '../../../../../scenario/session.ts';
import { parseScenario } from '../../../../../scenario/parse.ts';

const SCENARIO = readFileSync(join(__dirname, '../../../../../../../scenarios/nouveau-suspend-eviction.json'), 'utf8');

function run(o: RunOverrides = {}, text = SCENARIO): Session {
  const r = Session.open(text, o);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}

/** function_graph entries per function. */
function calls(s: Session): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of s.rec.log.withPayload()) if (e.kind === 'ftrace.entry') out.set(String(e.payload!.fn), (out.get(String(e.payload!.fn)) ?? 0) + 1);
  return out;
}

function uevent(s: Session): number {
  for (const e of s.rec.log.withPayload()) if (e.kind === 'nouveau.fence_context_new') return Number(e.payload!.uevent);
  return -1;
}

function kinds(s: Session): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of s.report().findings) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

describe('nouveau-suspend-eviction (seed 000, 5.10, NV96)', () => {
  it('by default: fence timeouts, the tenth eviction fails, the framebuffer is garbled after resume', () => {
    const s = run();
    const rep = s.report();
    expect(rep.ok).toBe(true);
    expect(kinds(s)).toEqual({ 'gpu.fence_timeout': 6, 'ttm.eviction_failed': 1, 'gpu.framebuffer_garbled': 1 });
    const failed = rep.findings.find((f) => f.kind === 'ttm.eviction_failed')!;
    expect(failed).toMatchObject({ bo: 'ff-tex5', owner: 'firefox-esr', mem: 'VRAM', error: -22 });
    expect(rep.findings.find((f) => f.kind === 'gpu.framebuffer_garbled')).toMatchObject({ bo: 'xorg-front', mem: 'VRAM', writer: 'VRAM lost in S3 (power-on garbage)' });
    expect(uevent(s)).toBe(0);
    const c = calls(s);
    expect(c.get('ttm_mem_evict_first')).toBe(10);
    expect(c.get('ttm_bo_evict')).toBe(10);
    expect(c.get('ttm_bo_move_accel_cleanup')).toBe(10);
    expect(c.get('dma_fence_default_wait')).toBe(6);
    expect(c.get('ttm_bo_move_memcpy')).toBe(6);
    expect(c.get('memcpy_fromio')).toBe(5 * 448);
    // the seed's suspend lines, in its order
    const log = rep.dmesg.split('\n').map((l) => l.replace(/^\[[ .\d]+\] /, ''));
    const order = [
      'PM: suspend entry (deep)',
      'OOM killer disabled.',
      'sd 0:0:0:0: [sda] Synchronizing SCSI cache',
      'sd 0:0:0:0: [sda] Stopping disk',
      'nouveau 0000:01:00.0: DRM: suspending console...',
      'nouveau 0000:01:00.0: DRM: suspending display...',
      'nouveau 0000:01:00.0: DRM: evicting buffers...',
      '[TTM] Buffer eviction failed',
      'nouveau 0000:01:00.0: DRM: waiting for kernel channels to go idle...',
      'nouveau 0000:01:00.0: DRM: suspending fence...',
      'nouveau 0000:01:00.0: DRM: suspending object tree...',
      'ACPI: Preparing to enter system sleep state S3',
      'PM: Saving platform NVS memory',
      'Disabling non-boot CPUs ...',
      'smpboot: CPU 1 is now offline',
      'ACPI: Low-level resume complete',
      'PM: Restoring platform NVS memory',
      'Enabling non-boot CPUs ...',
      'x86: Booting SMP configuration:',
      'smpboot: Booting Node 0 Processor 1 APIC 0x1',
      'CPU1 is up',
      'ACPI: Waking up from system sleep state S3',
      'nouveau 0000:01:00.0: DRM: resuming object tree...',
    ];
    let at = -1;
    for (const l of order) {
      const i = log.indexOf(l, at + 1);
      expect(i, l).toBeGreaterThan(at);
      at = i;
    }
    expect(log.some((l) => /^Freezing user space processes \.\.\. \(elapsed 0\.0\d\d seconds\) done\.$/.test(l))).toBe(true);
    expect(log).not.toContain('printk: Suspending console(s) (use no_console_suspend to debug)');
  });

  it('slub_debug=FPZ init_on_alloc=1 init_on_free=1: the field reads 0x6b6b6b6b and all 119 buffers are evicted', () => {
    const s = run({ cmdline: 'slub_debug=FPZ init_on_alloc=1 init_on_free=1' });
    const rep = s.report();
    expect(rep.findings).toEqual([]);
    expect(uevent(s)).toBe(0x6b6b6b6b);
    expect(calls(s).get('ttm_mem_evict_first')).toBe(119);
    expect(calls(s).get('ttm_bo_move_memcpy')).toBeUndefined();
    expect(calls(s).get('memcpy_fromio')).toBeUndefined();
    // 5.10 prints the precedence line for the command-line options too
    expect(rep.dmesg).toContain('mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free');
    expect(rep.dmesg).toContain('mem auto-init: stack:off, heap alloc:on, heap free:on');
  });

  it('init_on_alloc=0 init_on_free=0: the field holds the previous user\'s bytes, all buffers are evicted', () => {
    const s = run({ cmdline: 'init_on_alloc=0 init_on_free=0' });
    expect(s.report().findings).toEqual([]);
    const v = uevent(s);
    expect(v).not.toBe(0);
    expect(v).not.toBe(0x6b6b6b6b);
    expect(calls(s).get('ttm_mem_evict_first')).toBe(119);
  });

  it('init_on_free alone zeroes the field as well', () => {
    const s = run({ cmdline: 'init_on_alloc=0 init_on_free=1 drm.debug=2' });
    expect(uevent(s)).toBe(0);
    expect(kinds(s)['ttm.eviction_failed']).toBe(1);
  });

  it("prints the seed's boot line with the reporter's config (INIT_ON_FREE off) and slub_debug=FPZ", () => {
    const s = run({ cmdline: 'slub_debug=FPZ', kconfig: { CONFIG_INIT_ON_FREE_DEFAULT_ON: false } });
    const rep = s.report();
    expect(rep.dmesg).toContain('mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free');
    expect(rep.dmesg).toContain('mem auto-init: stack:off, heap alloc:on, heap free:off');
    expect(rep.findings).toEqual([]);
  });
});

describe('GPU input errors', () => {
  const base = (config: object, steps: object[]): string => JSON.stringify({ format: 'kernscope/1', name: 'x', config, steps });
  const gpu = { machine: { kernel: '5.10', vramMiB: 64 } };

  it('rejects GPU ops on a machine without a GPU at the op', () => {
    const r = parseScenario(base({}, [{ op: 'drm_bo_new', bo: 'a', size: 4096 }]));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path: 'steps[0].op', message: expect.stringContaining('needs a GPU') });
  });

  it('rejects a BAR larger than VRAM, an unknown domain and a million buffers in one step', () => {
    const r = parseScenario(base({ machine: { vramMiB: 64, barMiB: 128 } }, [{ op: 'drm_bo_new', bo: 'a', size: 4096, domain: 'HBM' }, { op: 'drm_bo_new', bo: 'b', size: 4096, count: 1000000 }]));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const paths = r.errors.map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['config.machine.barMiB', 'steps[0].domain', 'steps[1].count']));
    }
  });

  it('stops at a buffer larger than every placement, with its path, and at the buffer-object limit', () => {
    const big = Session.open(base(gpu, [{ op: 'drm_bo_new', bo: 'a', size: 128 * 1024 * 1024 }]));
    expect(big.ok).toBe(true);
    if (big.ok) expect(big.session.report().errors).toEqual([{ path: 'steps[0].size', message: expect.stringContaining('fits in no placement') }]);
    // a million buffer objects: rejected before anything runs
    const lim = Session.open(base({}, [{ op: 'ttm_device', device: 'd', managers: { VRAM: 1 << 20 } }, { op: 'repeat', times: 20, steps: [{ op: 'ttm_bo_create', device: 'd', bo: 'b', pages: 1, placement: ['SYSTEM'], count: 50000 }] }]));
    expect(lim.ok).toBe(false);
    if (!lim.ok) expect(lim.errors).toEqual([{ path: 'steps[1].steps[0]', message: '1000000 buffer objects after repeat expansion exceed the limit of 100000' }]);
  });
});

describe('KMSAN what-if (CONFIG_KMSAN=y)', () => {
  it('names the field, the function that branches on it and the allocation', () => {
    for (const cmdline of [undefined, 'slub_debug=FPZ init_on_alloc=1 init_on_free=1', 'init_on_alloc=0 init_on_free=0']) {
      const s = run({ kconfig: { CONFIG_KMSAN: true }, ...(cmdline ? { cmdline } : {}) });
      const f = s.report().findings.filter((x) => x.kind === 'kmsan.uninit_value');
      expect(f, cmdline).toHaveLength(1);
      expect(f[0]).toMatchObject({ function: 'nouveau_fence_context_new', field: 'priv->base.uevent', struct: 'struct nv84_fence_priv', allocated_by: 'nv84_fence_create' });
      expect(f[0]!.title).toMatch(/^BUG: KMSAN: uninit-value in nouveau_fence_context_new\+0x[0-9a-f]+\/0x[0-9a-f]+ \[nouveau\]$/);
      expect(s.report().dmesg).toContain('Uninit was created at:');
    }
  });
});
