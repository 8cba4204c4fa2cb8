// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerContext } from '../../context.ts';
import { fakeSetup, settle } from '../../testing.ts';
import { selectFrame, setMapRange } from './actions.ts';
import { FrameHistory } from './FrameHistory.tsx';

afterEach(cleanup);

describe('FrameHistory', () => {
  it('lists the writes into the picked frame with byte before → after and the writer verbatim; a click opens the byte', async () => {
    const { c, store } = fakeSetup();
    const writes = [
      { event: 5, kind: 'user.fault_in', writer: 'user: testf (stores of the program)', offset: 0, len: 4096 },
      { event: 20, kind: 'alt.text_poke', writer: 'text_poke from alternatives_smp_unlock, site 0xffffffff88000938 in usbcore', offset: 0x938, len: 1, old: 0x22, new: 0x90, site: '0xffffffff88000938', stray: true },
      { event: 60, kind: 'alt.text_poke', writer: 'text_poke from alternatives_smp_lock, site 0xffffffff88000938 in usbcore', offset: 0x938, len: 1, old: 0x90, new: 0xf0, site: '0xffffffff88000938', stray: true },
    ];
    const phases = [{ cycle: 0, phase: 'sync', from: 1, to: 2, startNs: 0, endNs: 0 }];
    await c.loader.open(JSON.stringify({ name: 'x', total: 100, writes: { '512': writes }, phases }), { kind: 'editor' }, { at: 30 });
    c.layout.show('map');
    setMapRange(c, 0, 1024);
    await settle(c);
    selectFrame(c, 512);
    await settle(c);
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
    expect(s.runs.a.cursor).toBe(61);
    expect(s.layout.view).toBe('hex');
    expect(s.runs.a.panels.hex.target).toBe('0xffff8100002008f0');
    expect(s.runs.a.panels.hex.pinned).toBe(0x48);
  });
});
