// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerContext } from '../context.ts';
import { fakeText } from '../fakeEngine.ts';
import { fakeSetup, settle } from '../testing.ts';
import { CompareView } from './CompareView.tsx';

afterEach(cleanup);

describe('CompareView', () => {
  it('shows the divergence, the findings of both, the dmesg lines only B printed, and ends', async () => {
    const { c, store } = fakeSetup();
    await c.loader.open(fakeText('x', 40, [{ kind: 'slub.double_free', title: 'BUG double free', event: 30 }]), { kind: 'editor' }, { at: 35 });
    await c.compare.start({ seed: 5 });
    await settle(c);
    render(
      <ControllerContext value={c}>
        <CompareView />
      </ControllerContext>,
    );
    expect(screen.getByRole('button', { name: 'First divergent event' }).textContent).toContain('#40');
    // both runs have the finding: it is in both columns, in neither only-list
    expect(screen.getByLabelText('findings only in A').textContent).toBe('only in A 0');
    expect(screen.getByRole('list', { name: 'findings of run b' }).textContent).toContain('BUG double free');
    expect(screen.getByLabelText('cursor of run b').textContent).toContain('event 35 / 45');
    await act(async () => {
      c.cursor.seek(40);
      await settle(c);
    });
    // b past the divergence: the lines it alone printed are marked
    expect(screen.getByLabelText('cursor of run b').textContent).toContain('event 45 / 45');
    expect(screen.getByRole('log', { name: 'dmesg of run b' }).querySelectorAll('.dl.differs').length).toBe(5);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'End comparison' }));
    });
    expect(store.getState().compare).toBeNull();
  });
});
