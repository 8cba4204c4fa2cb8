// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ControllerContext } from '../../context.ts';
import { fakeSetup } from '../../testing.ts';
import { Editor } from './Editor.tsx';

afterEach(cleanup);

describe('Editor', () => {
  it('lists errors as path: message and keeps the typed text', async () => {
    const { c } = fakeSetup();
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
