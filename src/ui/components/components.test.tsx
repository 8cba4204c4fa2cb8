// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HexView } from '../../worker/api.ts';
import { ControllerContext } from '../context.ts';
import { Controller } from '../controller.ts';
import { FakeEngine, fakeText } from '../fakeEngine.ts';
import { createAppStore } from '../store.ts';
import { Editor } from './Editor.tsx';
import { Findings } from './Findings.tsx';
import { FrameHistory } from './FrameHistory.tsx';
import { HexPanel } from './HexPanel.tsx';

afterEach(cleanup);

function setup() {
  const fake = new FakeEngine();
  const store = createAppStore();
  const c = new Controller(store, fake.engine, [], { shareBase: () => 'http://x/', replaceUrl: () => {}, copy: async () => true });
  return { c, store, fake };
}

function poisonView(): HexView {
  const bytes = new Uint8Array(32).fill(0x6b);
  bytes[31] = 0xa5;
  return {
    addr: '0xffff888003a1c040',
    phys: 0x3a1c040,
    len: 32,
    bytes,
    writer: new Int32Array(32).fill(0),
    event: new Int32Array(32).fill(412),
    writers: ['slab_free'],
    pattern: [...Array<string>(31).fill('POISON_FREE'), 'POISON_END'],
    regions: [{ name: 'Object', start: 0, end: 32 }],
    object: { cache: 'kmalloc-32', addr: '0xffff888003a1c040', allocated: false, objectSize: 32, size: 64 },
    owner: 'slab',
    error: null,
  };
}

describe('Editor', () => {
  it('lists errors as path: message and keeps the typed text', async () => {
    const { c } = setup();
    render(
      <ControllerContext value={c}>
        <Editor />
      </ControllerContext>,
    );
    const box = screen.getByRole('textbox', { name: 'Scenario JSON' });
    fireEvent.change(box, { target: { value: '{"no name": 1}' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('name: expected a slug, but it is missing');
    expect((box as HTMLTextAreaElement).value).toBe('{"no name": 1}');
  });
});

describe('HexPanel', () => {
  it('prints rows like print_hex_dump and names the hovered byte', async () => {
    const { c, store } = setup();
    await c.open(fakeText('x', 10), { kind: 'editor' });
    act(() => store.setState({ hexTarget: 'p', hex: poisonView() }));
    render(
      <ControllerContext value={c}>
        <HexPanel />
      </ControllerContext>,
    );
    const rows = document.querySelectorAll('.hrow');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.querySelector('.haddr')!.textContent).toBe('ffff888003a1c040:');
    expect(rows[1]!.querySelector('.hascii')!.textContent).toBe('kkkkkkkkkkkkkkk.');
    expect(screen.getByLabelText('Object').textContent).toContain('kmalloc-32');
    const last = rows[1]!.querySelectorAll('.hbytes .b')[15]!;
    expect(last.className).toContain('p-end');
    act(() => {
      fireEvent.mouseOver(last);
    });
    const inspector = screen.getByLabelText('Byte');
    expect(inspector.textContent).toContain('POISON_END');
    expect(inspector.textContent).toContain('written by slab_free at event 412');
  });
});

describe('Findings', () => {
  it('lists findings before the cursor and dims later ones', async () => {
    const { c, store } = setup();
    await c.open(fakeText('x', 100, [{ event: 10, title: 'BUG one' }, { event: 60, title: 'BUG two' }]), { kind: 'editor' }, { at: 30 });
    render(
      <ControllerContext value={c}>
        <Findings />
      </ControllerContext>,
    );
    expect(screen.getByRole('list', { name: 'Findings before the cursor' }).textContent).toContain('BUG one');
    expect(screen.getByRole('list', { name: 'Findings later in the run' }).textContent).toContain('BUG two');
    await act(async () => {
      fireEvent.click(screen.getByText('BUG two'));
    });
    expect(store.getState().cursor).toBe(61);
  });
});

describe('Findings: thousands of them', () => {
  it('renders only the rows on screen, and the kind chips filter to the rare one', async () => {
    const { c, store } = setup();
    const many = Array.from({ length: 3000 }, (_, i) => ({ kind: 'mm.stray_write', event: i + 1, title: `stray ${i}` }));
    many.splice(1500, 0, { kind: 'mm.paging_request', event: 1500, title: 'BUG: unable to handle kernel paging request at ffff81f008010b9c' });
    await c.open(fakeText('x', 4000, many), { kind: 'editor' }, { at: 4000 });
    render(
      <ControllerContext value={c}>
        <Findings />
      </ControllerContext>,
    );
    const before = screen.getByRole('list', { name: 'Findings before the cursor' });
    expect(before.querySelectorAll('li').length).toBeLessThan(60);
    const chips = screen.getByRole('group', { name: 'Filter findings by kind' });
    // rarest first
    expect(chips.querySelectorAll('button')[1]!.textContent).toContain('mm.paging_request');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: /^mm\.paging_request/ }));
    });
    expect(store.getState().findingKind).toBe('mm.paging_request');
    const only = screen.getByRole('list', { name: 'Findings before the cursor' });
    expect(only.querySelectorAll('li')).toHaveLength(1);
    expect(only.textContent).toContain('paging request at ffff81f008010b9c');
  });
});

describe('FrameHistory', () => {
  it('lists the writes into the picked frame with byte before → after and the writer verbatim; a click opens the byte', async () => {
    const { c, store } = setup();
    const writes = [
      { event: 5, kind: 'user.fault_in', writer: 'user: testf (stores of the program)', offset: 0, len: 4096 },
      { event: 20, kind: 'alt.text_poke', writer: 'text_poke from alternatives_smp_unlock, site 0xffffffff88000938 in usbcore', offset: 0x938, len: 1, old: 0x22, new: 0x90, site: '0xffffffff88000938', stray: true },
      { event: 60, kind: 'alt.text_poke', writer: 'text_poke from alternatives_smp_lock, site 0xffffffff88000938 in usbcore', offset: 0x938, len: 1, old: 0x90, new: 0xf0, site: '0xffffffff88000938', stray: true },
    ];
    await c.open(JSON.stringify({ name: 'x', total: 100, writes: { '512': writes } }), { kind: 'editor' }, { at: 30 });
    c.showView('map');
    c.setMapRange(0, 1024);
    await c.settled();
    c.selectFrame(512);
    await c.settled();
    await act(async () => {});
    render(
      <ControllerContext value={c}>
        <FrameHistory />
      </ControllerContext>,
    );
    const list = screen.getByRole('list', { name: 'Frame history' });
    const rows = list.querySelectorAll('button');
    expect(rows).toHaveLength(3);
    expect(rows[1]!.textContent).toContain('22 → 90');
    expect(rows[1]!.textContent).toContain('text_poke from alternatives_smp_unlock, site 0xffffffff88000938 in usbcore');
    expect(rows[2]!.textContent).toContain('90 → f0');
    // after the cursor: still listed, dimmed
    expect(rows[2]!.className).toContain('later');
    expect(rows[1]!.className).not.toContain('later');
    await act(async () => {
      fireEvent.click(rows[2]!);
    });
    const s = store.getState();
    expect(s.cursor).toBe(61);
    expect(s.centerTab).toBe('memory');
    expect(s.hexTarget).toBe('0xffff8100002008f0');
    expect(s.hexPinned).toBe(0x48);
  });
});
