// @vitest-environment jsdom
// A long run: its progress on screen, Cancel keeping what it recorded, the picker and Run usable
// meanwhile, and a lost engine leaving the user's text in the editor.
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BundledScenario } from '../bundledList.ts';
import { fakeText } from '../fakeEngine.ts';
import { settle } from '../testing.ts';
import { openWithRunChrome, tick } from './runTesting.tsx';
import { EngineLostError } from '../watchdog.ts';

afterEach(cleanup);

const BUNDLED: BundledScenario[] = [
  { name: 'slub-double-free', title: 'Double free', text: fakeText('slub-double-free', 50) },
  { name: 'poison', title: 'Poison', text: fakeText('poison', 20) },
];

const setup = () => openWithRunChrome(BUNDLED, { header: true });

describe('a long run', () => {
  it('shows its progress; Cancel shows what it recorded so far as the run, its findings so far with it', async () => {
    const { c, fake, store } = await setup();
    fake.holdOpens = true;
    const text = fakeText('long-run', 900_000, [{ event: 1200 }, { event: 700_000 }]);
    let run!: Promise<boolean>;
    await act(async () => {
      store.setState({ draft: text });
      run = c.loader.runDraft();
    });
    const status = screen.getByRole('status', { name: 'Run in progress' });
    expect(status.textContent).toMatch(/Running long-run \(edited\) in the engine…/);
    await act(async () => fake.progress({ events: 12_345, step: 1, steps: 4 }));
    expect(screen.getByLabelText('Events so far').textContent).toBe('12,345 events · step 2 of 4');
    const bar = screen.getByRole('progressbar', { name: 'Steps run' });
    expect(bar.getAttribute('value')).toBe('2');
    expect(bar.getAttribute('max')).toBe('4');

    await act(async () => screen.getByRole('button', { name: 'Cancel' }).click());
    expect(fake.calls).toContain('cancel 2');
    expect(await run).toBe(true);
    await tick();
    expect(screen.queryByRole('status', { name: 'Run in progress' })).toBeNull();
    const a = store.getState().runs.a;
    expect(a.info?.name).toBe('long-run');
    expect(a.info?.total).toBe(12_345);
    expect(a.info?.findings.map((f) => f.event)).toEqual([1200]);
    expect(a.info?.errors).toEqual([{ path: 'steps[1]', message: 'cancelled by the user at step 1 (after 12345 events)' }]);
    expect(store.getState().draft).toBe(text);
  });

  it('the picker and Run stay usable while it runs: what is opened meanwhile waits behind it', async () => {
    const { c, fake, store } = await setup();
    fake.holdOpens = true;
    let long!: Promise<boolean>;
    await act(async () => {
      long = c.loader.openFile('long.json', fakeText('long-run', 5000));
    });
    const picker = screen.getByRole('combobox', { name: 'Scenario' });
    expect(picker).not.toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Run' })).not.toHaveProperty('disabled', true);
    await act(async () => {
      fireEvent.change(picker, { target: { value: 'poison' } });
    });
    expect(screen.getByRole('status', { name: 'Run in progress' }).textContent).toMatch(/queued after it: poison/);
    // cancel the long one: the picked one runs next and is shown; the cancelled one is offered
    await act(async () => screen.getByRole('button', { name: 'Cancel' }).click());
    expect(await long).toBe(false);
    fake.releaseOpen();
    await settle(c);
    await tick();
    expect(store.getState().runs.a.info?.name).toBe('poison');
    expect(screen.getByRole('alert').textContent).toContain('Finished: long.json');
    expect(screen.getByRole('alert').textContent).toContain('cancelled by the user at step 0 (after 0 events)');
  });

  it('a lost engine: the runs are gone, the notice says so, the editor keeps the text, and runs it again on request', async () => {
    const { c, fake, store } = await setup();
    fake.holdOpens = true;
    const text = fakeText('mine', 30);
    let run!: Promise<boolean>;
    await act(async () => {
      store.setState({ draft: text });
      run = c.loader.runDraft();
    });
    // the watchdog restarted the worker: what it owed fails, and the controller is told
    await act(async () => {
      fake.failOpens(new EngineLostError('the engine stopped answering; a new engine was started'));
      c.engineLost({ kind: 'hung', detail: 'no answer and no progress for 10 s' });
    });
    expect(await run).toBe(false);
    await tick();
    expect(screen.queryByRole('status', { name: 'Run in progress' })).toBeNull();
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.textContent).toContain('Engine restarted');
    expect(alerts[0]!.textContent).toContain('The engine stopped answering (no answer and no progress for 10 s) while running mine (edited).');
    expect(alerts[0]!.textContent).toContain('Your scenario text is kept in the editor.');
    expect(store.getState().draft).toBe(text);
    expect(store.getState().runs.a.id).toBeNull();
    expect(store.getState().layout.left).toBe('editor');

    fake.holdOpens = false;
    await act(async () => screen.getByRole('button', { name: 'Run the editor text' }).click());
    await settle(c);
    expect(store.getState().runs.a.info?.name).toBe('mine');
    expect(store.getState().draft).toBe(text);
  });
});
