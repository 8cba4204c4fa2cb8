// @vitest-environment jsdom
// The GPU panels on seed 000's run in-process, as the page drives them: the VRAM map with the
// evicted and failed buffers and a buffer's history, the framebuffer before and after, the
// function_graph listing and profile at the cursor; and none of them for a run without a GPU.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KernscopeCore } from '../../../worker/core.ts';
import { ControllerContext } from '../../context.ts';
import { inProcessEngine } from '../../engine.ts';
import { controllerOn, settle } from '../../testing.ts';
import { pixelDifference } from '../framebuffer/fbModel.ts';
import { offeredIn } from '../placement.ts';
import { selectBo } from './actions.ts';
import { VramPanel } from './VramPanel.tsx';

const scenario = (name: string) => readFileSync(join(__dirname, `../../../../scenarios/${name}.json`), 'utf8');

afterEach(cleanup);

beforeAll(() => {
  // jsdom has no 2D canvas: the map's drawing is skipped, its lists are not
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

describe('the GPU panels on nouveau-suspend-eviction', () => {
  it('offers VRAM, Framebuffer and Function graph, opens on VRAM, and each answers at the cursor', async () => {
    const { c, store } = controllerOn(inProcessEngine(new KernscopeCore()));
    await c.loader.open(scenario('nouveau-suspend-eviction'), { kind: 'editor' });
    await settle(c);
    const info = store.getState().runs.a.info!;
    expect(offeredIn('view', info)).toEqual(expect.arrayContaining(['vram', 'framebuffer', 'ftrace']));
    expect(store.getState().layout.view).toBe('vram');
    expect(info.gpu?.lanes[0]?.spans).toHaveLength(10);
    c.cursor.toEnd();
    await settle(c);
    const vram = () => store.getState().runs.a.panels.vram;
    expect(vram().now?.cursor).toBe(info.total);
    expect(vram().now?.map.counts).toMatchObject({ evicted: 9, failed: 1 });

    // the side list names them; a click lists ff-tex5's history
    render(
      <ControllerContext value={c}>
        <VramPanel />
      </ControllerContext>,
    );
    const list = screen.getByRole('list', { name: 'Buffers to look at' });
    const failed = list.querySelector('[data-state="failed"]')!;
    expect(failed.getAttribute('data-bo')).toBe('ff-tex5');
    expect(list.querySelectorAll('[data-state="evicted"]')).toHaveLength(9);
    expect(screen.getByLabelText('Buffer states').querySelector('[data-state="failed"]')!.getAttribute('data-count')).toBe('1');
    await act(async () => {
      fireEvent.click(failed);
      await settle(c);
    });
    expect(vram().bo).toBe('ff-tex5');
    const rows = screen.getByRole('list', { name: 'Buffer history' }).querySelectorAll('button');
    const texts = [...rows].map((r) => r.textContent ?? '');
    expect(texts.some((t) => t.includes('ttm_bo_evict(): out of VRAM'))).toBe(true);
    expect(texts.some((t) => t.includes('eviction failed: -EINVAL'))).toBe(true);
    // a history row goes to just after its event
    const evict = [...rows].find((r) => r.getAttribute('data-kind') === 'ttm.evict')!;
    await act(async () => {
      fireEvent.click(evict);
      await settle(c);
    });
    expect(store.getState().runs.a.cursor).toBe(Number(evict.getAttribute('data-event')) + 1);
    expect(vram().now?.map.bos.find((b) => b.name === 'ff-tex5')?.state).toBe('evicting');
    cleanup();

    // the framebuffer: Xorg's desktop before suspend, garbage after resume
    c.cursor.toEnd();
    c.layout.show('framebuffer');
    await settle(c);
    const fb = store.getState().runs.a.panels.framebuffer;
    expect(fb.now).toMatchObject({ bo: 'xorg-front', state: 'scanout', width: 640, height: 400 });
    expect(fb.compare?.map((i) => i.at)).toEqual([info.phases[0]!.from, info.phases.at(-1)!.to]);
    expect(pixelDifference(fb.compare![0]!, fb.compare![1]!)).toBeGreaterThan(0.9);
    expect(fb.compare![1]!.writers[0]!.writer).toBe('VRAM lost in S3 (power-on garbage)');

    // the function graph since the last mark (the suspend), and below one function
    c.layout.show('ftrace');
    await settle(c);
    const ft = () => store.getState().runs.a.panels.ftrace;
    expect(ft().now?.trace.label).toBe('since mark “suspend”');
    expect(ft().now?.trace.profile.find((e) => e.fn === 'ttm_mem_evict_first')?.hits).toBe(10);
    expect(ft().functions).toContain('memcpy_fromio');
    c.patchPanel('ftrace', { graph: 'ttm_bo_evict' });
    await settle(c);
    expect(ft().now?.trace.profile[0]).toMatchObject({ fn: 'ttm_bo_evict', hits: 10 });
    // the step at the end of the run is an expect step: nothing traced in it
    c.patchPanel('ftrace', { graph: '', range: 'step' });
    await settle(c);
    expect(ft().now?.trace).toMatchObject({ range: 'step', calls: 0 });
    selectBo(c, null);
    expect(vram().bo).toBeNull();
  }, 60_000);

  it('offers none of them for a run without a GPU', async () => {
    const { c, store } = controllerOn(inProcessEngine(new KernscopeCore()));
    await c.loader.open(scenario('slub-redzone-overwrite'), { kind: 'editor' });
    await settle(c);
    const offered = offeredIn('view', store.getState().runs.a.info);
    for (const id of ['vram', 'framebuffer', 'ftrace'] as const) expect(offered).not.toContain(id);
  });
});
