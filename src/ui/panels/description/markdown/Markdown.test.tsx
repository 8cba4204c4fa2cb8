// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from './Markdown.tsx';

afterEach(cleanup);

describe('Markdown: Try: hints', () => {
  it('makes the code spans after a bold Try: that read as hints buttons; the rest stays code', () => {
    const ran: string[] = [];
    const hint = (code: string) => (code.startsWith('--') ? () => ran.push(code) : null);
    render(<Markdown text={'Set `--kconfig CONFIG_A=y` first. **Try:** `--cmdline slub_debug=-` or remove `SLAB_RED_ZONE`.'} hint={hint} />);
    // before Try: it is prose
    expect(screen.queryByRole('button', { name: '--kconfig CONFIG_A=y' })).toBeNull();
    expect(screen.getByText('SLAB_RED_ZONE').tagName).toBe('CODE');
    fireEvent.click(screen.getByRole('button', { name: '--cmdline slub_debug=-' }));
    expect(ran).toEqual(['--cmdline slub_debug=-']);
  });

  it('without a hint action nothing is a button', () => {
    render(<Markdown text={'**Try:** `--cmdline x=1`'} />);
    expect(screen.queryByRole('button')).toBeNull();
  });
});
