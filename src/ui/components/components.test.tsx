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
