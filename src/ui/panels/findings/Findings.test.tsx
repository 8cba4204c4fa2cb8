// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerContext } from '../../context.ts';
import { fakeText } from '../../fakeEngine.ts';
import { fakeSetup } from '../../testing.ts';
import { Findings } from './Findings.tsx';

afterEach(cleanup);

describe('Findings', () => {
  it('lists findings before the cursor and dims later ones', async () => {
    const { c, store } = fakeSetup();
    await c.loader.open(fakeText('x', 100, [{ event: 10, title: 'BUG one' }, { event: 60, title: 'BUG two' }]), { kind: 'editor' }, { at: 30 });
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
    expect(store.getState().runs.a.cursor).toBe(61);
  });
});

describe('Findings: thousands of them', () => {
  it('renders only the rows on screen, and the kind chips filter to the rare one', async () => {
    const { c, store } = fakeSetup();
    const many = Array.from({ length: 3000 }, (_, i) => ({ kind: 'mm.stray_write', event: i + 1, title: `stray ${i}` }));
    many.splice(1500, 0, { kind: 'mm.paging_request', event: 1500, title: 'BUG: unable to handle kernel paging request at ffff81f008010b9c' });
    await c.loader.open(fakeText('x', 4000, many), { kind: 'editor' }, { at: 4000 });
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
    expect(store.getState().runs.a.panels.findings.kind).toBe('mm.paging_request');
    const only = screen.getByRole('list', { name: 'Findings before the cursor' });
    expect(only.querySelectorAll('li')).toHaveLength(1);
    expect(only.textContent).toContain('paging request at ffff81f008010b9c');
  });
});
