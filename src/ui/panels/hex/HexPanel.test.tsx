// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HexAnswer } from '../../../worker/protocol.ts';
import { ControllerContext } from '../../context.ts';
import { fakeText } from '../../fakeEngine.ts';
import { fakeSetup } from '../../testing.ts';
import { HexPanel } from './HexPanel.tsx';

afterEach(cleanup);

function poisonView(): HexAnswer {
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
    meanings: { POISON_FREE: 'freed slab object (SLAB_POISON)', POISON_END: 'last byte of a poisoned object' },
  };
}

describe('HexPanel', () => {
  it('prints rows like print_hex_dump and names the hovered byte', async () => {
    const { c } = fakeSetup();
    await c.loader.open(fakeText('x', 10), { kind: 'editor' });
    act(() => c.patchPanel('hex', { target: 'p', answer: poisonView() }));
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
    expect(inspector.textContent).toContain('last byte of a poisoned object');
    expect(inspector.textContent).toContain('written by slab_free at event 412');
  });

  it('says how a user or module address was translated, and offers the canonical form of a non-canonical one', async () => {
    const { c } = fakeSetup();
    await c.loader.open(fakeText('x', 10), { kind: 'editor' });
    act(() => c.patchPanel('hex', { target: '0x00007f02b3c167b0', answer: { ...poisonView(), addr: '0x00007f02b3c167b0', object: null, via: 'user: testf, anonymous mapping at 0x7f02b3900000 (page 790)' } }));
    render(
      <ControllerContext value={c}>
        <HexPanel />
      </ControllerContext>,
    );
    expect(screen.getByLabelText('Translated').textContent).toContain('user: testf');
    const why = '0xf0ff81000806d470 is not a canonical x86-64 address: ... byte 7 (bits 63..56, the top byte) is 0xf0 where 0xff belongs.';
    act(() => c.patchPanel('hex', { target: '0xf0ff81000806d470', len: 256, answer: { ...poisonView(), addr: '0xf0ff81000806d470', phys: null, len: 0, bytes: new Uint8Array(0), error: why, canonical: '0xffff81000806d470' } }));
    expect(screen.getByRole('alert').textContent).toBe(why);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Show 0xffff81000806d470' })));
    expect(c.panel('hex').target).toBe('0xffff81000806d470');
    expect(c.panel('hex').len).toBe(256);
  });
});
