import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../scenario/session.ts';
import { boHistory, evictionLanes, framebufferImage, gpuRunInfo, vramMap } from './gpu.ts';
import { runInfo } from './registry.ts';

function open(name: string): Session {
  const r = Session.open(readFileSync(join(__dirname, `../../../scenarios/${name}.json`), 'utf8'));
  if (!r.ok) throw new Error(`${name} does not load`);
  return r.session;
}

/** The event of the first record of `kind` (whose payload's bo is `bo`, when given). */
function eventOf(s: Session, kind: string, bo?: string): number {
  for (let i = 0; i < s.rec.log.length; i++) {
    const e = s.rec.log.get(i);
    if (e.kind === kind && (bo === undefined || e.payload?.bo === bo)) return i;
  }
  throw new Error(`no ${kind}`);
}

describe('GPU views of seed 000 (nouveau-suspend-eviction)', () => {
  let s: Session;
  beforeAll(() => {
    s = open('nouveau-suspend-eviction');
  });

  it('colors the buffers by state: before suspend all resident or pinned; at the end 9 evicted to GART, ff-tex5 failed in VRAM', () => {
    const m = s.runner.machine;
    const suspend = s.scenario && runInfo(s).marks.find((k) => k.label === 'suspend')!.event;
    s.seek(suspend);
    const before = vramMap(m, s.rec, suspend);
    expect(before.counts).toMatchObject({ evicting: 0, evicted: 0, failed: 0 });
    expect(before.bos.find((b) => b.name === 'xorg-front')).toMatchObject({ mem: 'VRAM', state: 'pinned' });
    expect(before).toMatchObject({ vramBytes: 512 << 20, barBytes: 256 << 20, scanout: 'xorg-front' });

    s.seek(s.total);
    const end = vramMap(m, s.rec, s.total);
    expect(end.counts).toMatchObject({ evicted: 9, failed: 1, evicting: 0 });
    const tex5 = end.bos.find((b) => b.name === 'ff-tex5')!;
    expect(tex5).toMatchObject({ state: 'failed', mem: 'VRAM', error: -22, beyondBar: true });
    expect(tex5.evictedFrom).toEqual({ mem: 'VRAM', offset: tex5.offset, pages: 448 });
    const tex0 = end.bos.find((b) => b.name === 'ff-tex0')!;
    expect(tex0).toMatchObject({ state: 'evicted', mem: 'TT' });
    expect(tex0.evictedFrom?.mem).toBe('VRAM');
    expect(end.managers.find((x) => x.mem === 'VRAM')!.sizePages).toBeGreaterThan(0);

    // inside ff-tex5's eviction: evicting
    const during = eventOf(s, 'ttm.evict', 'ff-tex5') + 10;
    s.seek(during);
    expect(vramMap(m, s.rec, during).bos.find((b) => b.name === 'ff-tex5')!.state).toBe('evicting');
  });

  it('draws one eviction lane for VRAM priority 0: ten evictions, nine moved to TT, the last failed with -EINVAL, the textures’ fences timed out', () => {
    const lanes = evictionLanes(s.rec, s.total);
    expect(lanes.map((l) => [l.mem, l.priority])).toEqual([['VRAM', 0]]);
    const spans = lanes[0]!.spans;
    expect(spans).toHaveLength(10);
    expect(spans.filter((x) => x.outcome === 'moved' && x.dest === 'TT')).toHaveLength(9);
    expect(spans.at(-1)).toMatchObject({ bo: 'ff-tex5', outcome: 'failed', error: -22, timedOut: true });
    expect(spans.find((x) => x.bo === 'ff-ubo0')).toMatchObject({ timedOut: false });
    expect(spans.filter((x) => x.timedOut)).toHaveLength(6);
    for (const x of spans) expect(x.to).toBeGreaterThan(x.from);
    // spans do not overlap: one eviction at a time
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.from).toBeGreaterThanOrEqual(spans[i - 1]!.to);
    expect(runInfo(s).gpu).toEqual(gpuRunInfo(s.runner.machine, s.rec, s.total));
  });

  it('lists a buffer’s history: created, placed, evicted, its fence timing out, the failure', () => {
    const rows = boHistory(s.rec, 'ff-tex5');
    const major = rows.filter((r) => r.major).map((r) => r.text);
    expect(major[0]).toMatch(/^created: 448 pages \(1\.75 MiB\) for firefox-esr$/);
    expect(major).toContainEqual(expect.stringMatching(/^moved SYSTEM → VRAM at 0x/));
    expect(major).toContainEqual(expect.stringMatching(/^ttm_bo_evict\(\): out of VRAM at 0x/));
    expect(major).toContainEqual(expect.stringMatching(/^ttm_bo_wait: fence .* not signaled/));
    expect(rows.filter((r) => r.bad).map((r) => r.text)).toContain('eviction failed: -EINVAL');
    expect(rows.map((r) => r.event)).toEqual([...rows.map((r) => r.event)].sort((a, b) => a - b));
    expect(boHistory(s.rec, 'no-such-buffer')).toEqual([]);
  });

  it('draws the scanout buffer: Xorg’s desktop before suspend, power-on garbage after resume', () => {
    const m = s.runner.machine;
    const info = runInfo(s);
    const before = info.phases[0]!.from;
    const after = info.phases.at(-1)!.to;
    s.seek(before);
    const a = framebufferImage(m, s.rec, before, 2);
    s.seek(after);
    const b = framebufferImage(m, s.rec, after, 2);
    for (const img of [a, b]) {
      expect(img).toMatchObject({ state: 'scanout', bo: 'xorg-front', mem: 'VRAM', width: 640, height: 400, fbWidth: 1280, fbHeight: 800 });
      expect(img.rgba.length).toBe(640 * 400 * 4);
    }
    // the panel at the top of the desktop is 0x303030
    expect([...a.rgba.subarray(0, 4)]).toEqual([0x30, 0x30, 0x30, 255]);
    expect(a.writers).toEqual([{ writer: 'Xorg (rendering)', pages: 32 }]);
    expect(b.writers).toEqual([{ writer: 'VRAM lost in S3 (power-on garbage)', pages: 32 }]);
    let differ = 0;
    for (let i = 0; i < a.rgba.length; i += 4) if (a.rgba[i] !== b.rgba[i] || a.rgba[i + 1] !== b.rgba[i + 1] || a.rgba[i + 2] !== b.rgba[i + 2]) differ++;
    expect(differ / (640 * 400)).toBeGreaterThan(0.9);
    // at full size
    expect(framebufferImage(m, s.rec, after, 1)).toMatchObject({ width: 1280, height: 800 });
  });
});

describe('GPU views elsewhere', () => {
  it('ttm-lru-eviction: two evictions that moved Blender’s least recently used textures to GART without a timeout', () => {
    const s = open('ttm-lru-eviction');
    const lanes = evictionLanes(s.rec, s.total);
    expect(lanes).toHaveLength(1);
    expect(lanes[0]!.spans.map((x) => [x.bo, x.outcome, x.dest, x.timedOut])).toEqual([
      ['blender-tex.0', 'moved', 'TT', false],
      ['blender-tex.1', 'moved', 'TT', false],
    ]);
    s.seek(s.total);
    const end = vramMap(s.runner.machine, s.rec, s.total);
    expect(end.bos.filter((b) => b.state === 'evicted').map((b) => b.name)).toEqual(['blender-tex.0', 'blender-tex.1']);
    expect(end.counts.failed).toBe(0);
  });

  it('a machine without a GPU has no GPU info, an empty map and no image', () => {
    const s = open('slub-redzone-overwrite');
    const m = s.runner.machine;
    expect(gpuRunInfo(m, s.rec, s.total)).toBeNull();
    expect(runInfo(s).gpu).toBeUndefined();
    expect(vramMap(m, s.rec, s.total)).toMatchObject({ vramBytes: 0, bos: [], scanout: null });
    expect(framebufferImage(m, s.rec, s.total, 2)).toMatchObject({ state: 'none', width: 0, rgba: new Uint8Array(0) });
    expect(evictionLanes(s.rec)).toEqual([]);
  });
});
