// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerContext } from '../context.ts';
import { fakeText } from '../fakeEngine.ts';
import { fakeSetup, settle } from '../testing.ts';
import { CompareForm } from './CompareForm.tsx';

afterEach(cleanup);

describe('Compare with…', () => {
  it('starts from the run shown and runs b with only what was changed', async () => {
    const { c, fake, store } = fakeSetup();
    await c.loader.open(fakeText('x', 40), { kind: 'editor' });
    render(
      <ControllerContext value={c}>
        <CompareForm />
      </ControllerContext>,
    );
    expect((screen.getByLabelText('B: CONFIG_SLUB_DEBUG') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByLabelText('B: patch fix-x'));
    fireEvent.click(screen.getByLabelText('B: CONFIG_SLUB_DEBUG'));
    fireEvent.change(screen.getByLabelText('seed'), { target: { value: '9' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Run beside' }));
      await settle(c);
    });
    expect(fake.calls.filter((x) => x.startsWith('open'))[1]).toBe('open {"seed":9,"kconfig":{"CONFIG_SLUB_DEBUG":false},"patches":{"fix-x":true}}');
    expect(store.getState().compare?.label).toBe('--kconfig CONFIG_SLUB_DEBUG=n --patch fix-x=on --seed 9');
  });
});
