// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerContext } from '../../context.ts';
import { fakeText } from '../../fakeEngine.ts';
import { fakeSetup, settle } from '../../testing.ts';
import { EventsPanel } from './EventsPanel.tsx';

afterEach(cleanup);

async function setup(at: number) {
  const s = fakeSetup();
  await s.c.loader.open(fakeText('x', 5000), { kind: 'editor' }, { at });
  s.c.layout.show('events');
  await settle(s.c);
  render(
    <ControllerContext value={s.c}>
      <EventsPanel />
    </ControllerContext>,
  );
  await act(async () => {
    await settle(s.c);
  });
  return s;
}

describe('EventsPanel', () => {
  it('shows the rows on screen only, the event at the cursor highlighted', async () => {
    // jsdom does not scroll: the cursor is on the first screen (the browser test follows it further)
    const { c } = await setup(20);
    const list = screen.getByRole('listbox', { name: 'Events' });
    const rows = list.querySelectorAll('[role=option]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(200);
    const here = list.querySelector('[aria-current=true]');
    expect(here?.getAttribute('data-event')).toBe('19');
    expect(screen.getByLabelText('Matching events').textContent).toBe('5000 events');
    expect(c.run().panels.events.facets?.kinds[0]?.kind).toBe('k');
  });

  it('a click or Enter on a row moves the cursor just after its event; the highlight follows', async () => {
    const { c, store } = await setup(20);
    const list = screen.getByRole('listbox', { name: 'Events' });
    const row = list.querySelector('[data-event="25"]')!;
    await act(async () => {
      fireEvent.click(row);
      await settle(c);
    });
    expect(store.getState().runs.a.cursor).toBe(26);
    expect(list.querySelector('[aria-current=true]')?.getAttribute('data-event')).toBe('25');
    await act(async () => {
      fireEvent.keyDown(list, { key: 'ArrowDown' });
      fireEvent.keyDown(list, { key: 'ArrowDown' });
      fireEvent.keyDown(list, { key: 'Enter' });
      await settle(c);
    });
    expect(store.getState().runs.a.cursor).toBe(28);
  });

  it('filters by task: none matches a task the run does not have', async () => {
    const { c } = await setup(10);
    await act(async () => {
      fireEvent.change(screen.getByRole('combobox', { name: 'Task' }), { target: { value: 't' } });
      await settle(c);
    });
    expect(c.run().panels.events.task).toBe('t');
    expect(screen.getByLabelText('Matching events').textContent).toBe('5000 of 5000');
    await act(async () => {
      c.patchPanel('events', { kinds: ['other'] });
      await settle(c);
    });
    expect(screen.getByText('No event matches.')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'clear' }));
      await settle(c);
    });
    expect(c.run().panels.events.kinds).toEqual([]);
  });
});
