// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LogImporter } from '../../worker/logImport.ts';
import type { SliceClock } from '../../worker/slicer.ts';
import { ControllerContext } from '../context.ts';
import { fakeSetup } from '../testing.ts';
import { inProcessImportEngine } from './importEngine.ts';
import { ImportView } from './ImportView.tsx';

afterEach(cleanup);

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../../e2e/fixtures/import', name), 'utf8');
const clock = (): SliceClock => ({ now: () => 0, yield: async () => {} });

describe('ImportView', () => {
  it('lists the findings and shows the chosen one: registers with forensics, the dump with named patterns, the report lines', async () => {
    const { c } = fakeSetup();
    c.imports.useEngine(inProcessImportEngine(new LogImporter(clock())));
    await c.imports.importText(`${fixture('seed002-oops.txt')}\n${fixture('slub-redzone.txt')}`, 'two.log');
    render(
      <ControllerContext value={c}>
        <ImportView />
      </ControllerContext>,
    );
    const list = screen.getByRole('list', { name: 'Imported findings' });
    expect(list.textContent).toContain('BUG: unable to handle kernel paging request in __d_lookup');
    expect(list.textContent).toContain('BUG kmalloc-8: Right Redzone overwritten');
    await act(async () => {
      fireEvent.click(screen.getByRole('tab', { name: 'Registers' }));
    });
    expect(screen.getByRole('table', { name: 'Forensics' }).textContent).toMatch(/all ones/);
    await act(async () => {
      fireEvent.click(screen.getByText('BUG kmalloc-8: Right Redzone overwritten'));
    });
    const dump = screen.getByLabelText('Hex dump');
    expect(screen.getByLabelText('Patterns').textContent).toContain('SLUB_RED_ACTIVE cc');
    expect([...dump.querySelectorAll('.imp-bytes .imp-bad')].map((b) => b.textContent)).toEqual(['00']);
    expect(screen.getByRole('button', { name: 'Build scenario' })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('tab', { name: 'Lines' }));
    });
    expect(screen.getByLabelText('Report lines').textContent).toContain('Redzone  (0xc90f6d28): 00 cc cc cc');
  });
});
