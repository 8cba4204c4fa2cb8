// @vitest-environment jsdom
// Opening a scenario while a long run is in progress: the run and the queue are on screen, and
// the long run's result is offered when it ends, never dropped unseen.
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BundledScenario } from '../bundledList.ts';
import { fakeText } from '../fakeEngine.ts';
import { settle } from '../testing.ts';
import { openWithRunChrome, tick } from './runTesting.tsx';

afterEach(cleanup);

const BUNDLED: BundledScenario[] = [{ name: 'slub-double-free', title: 'Double free', text: fakeText('slub-double-free', 50) }];
const LIMIT = { path: 'steps[7]', message: 'the run reached its limit of 5000000 events' };

const setup = () => openWithRunChrome(BUNDLED);

describe('a scenario opened during a long run', () => {
  it('waits visibly behind it; the long run is then offered with its limit message, and shown on request', async () => {
    const { c, fake, store } = await setup();
    fake.holdOpens = true;
    fake.stoppedEarly['long-run'] = [LIMIT];
    const longText = fakeText('long-run', 5000);
    const fileText = fakeText('poison', 20);
    let long!: Promise<boolean>;
    let file!: Promise<boolean>;
    await act(async () => {
      long = c.loader.openFile('long.json', longText);
      file = c.loader.openFile('poison.json', fileText);
    });
    // both are on screen: the one running and the one waiting; the editor does not pretend the file is just edited
    expect(screen.getByRole('status', { name: 'Run in progress' }).textContent).toMatch(/Running long\.json in the engine… · queued after it: poison\.json/);
    expect(store.getState().draft).toBe(BUNDLED[0]!.text);
    expect(screen.getByLabelText('Editor status').textContent).toBe('running long.json… (then poison.json)');
    expect(store.getState().runs.a.info?.name).toBe('slub-double-free');

    fake.releaseOpen();
    expect(await long).toBe(false);
    await tick();
    // the long run ended while the file waited: its result and why it stopped are said, not dropped
    const offered = screen.getByRole('alert');
    expect(offered.textContent).toContain('Finished: long.json');
    expect(offered.textContent).toContain('poison.json was opened while it ran and replaces it');
    expect(offered.textContent).toContain('5000 events');
    expect(offered.textContent).toContain(`it stopped early: ${LIMIT.path}: ${LIMIT.message}`);
    expect(screen.getByRole('status', { name: 'Run in progress' }).textContent).toMatch(/Running poison\.json/);

    fake.releaseOpen();
    expect(await file).toBe(true);
    await tick();
    expect(screen.queryByRole('status', { name: 'Run in progress' })).toBeNull();
    expect(store.getState().runs.a.info?.name).toBe('poison');
    expect(store.getState().draft).toBe(fileText);
    expect(screen.getByLabelText('Editor status').textContent).toBe('this is the scenario shown');

    // and the long run is one click away, with its limit message
    await act(async () => screen.getByRole('button', { name: 'Show it' }).click());
    await settle(c);
    const a = store.getState().runs.a;
    expect(a.info?.name).toBe('long-run');
    expect(a.info?.errors).toEqual([LIMIT]);
    expect(store.getState().draft).toBe(longText);
    expect(store.getState().notices.some((n) => n.title === 'Finished: long.json')).toBe(false);
    expect(fake.openRuns).toBe(1);
  });

  it('a dismissed offer frees the finished run in the engine', async () => {
    const { c, fake, store } = await setup();
    fake.holdOpens = true;
    let long!: Promise<boolean>;
    let file!: Promise<boolean>;
    await act(async () => {
      long = c.loader.openFile('long.json', fakeText('long-run', 5000));
      file = c.loader.openFile('poison.json', fakeText('poison', 20));
    });
    fake.releaseOpen();
    fake.releaseOpen();
    await long;
    await file;
    await tick();
    expect(fake.openRuns).toBe(2);
    await act(async () => screen.getByRole('button', { name: 'Dismiss Finished: long.json message' }).click());
    expect(fake.openRuns).toBe(1);
    expect(store.getState().runs.a.info?.name).toBe('poison');
  });
});
