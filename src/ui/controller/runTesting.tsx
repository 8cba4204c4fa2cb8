// Test helper: a page of the fake engine with a bundled scenario open and the run's chrome on
// screen (progress, notices, editor; the header when asked), for the long-run and queue tests.
import { act, render } from '@testing-library/react';
import type { BundledScenario } from '../bundledList.ts';
import { Header } from '../components/Header.tsx';
import { Notices } from '../components/Notices.tsx';
import { RunProgress } from '../components/RunProgress.tsx';
import { ControllerContext } from '../context.ts';
import { Editor } from '../panels/editor/Editor.tsx';
import { fakeSetup, settle } from '../testing.ts';

export async function openWithRunChrome(bundled: BundledScenario[], o: { header?: boolean } = {}): Promise<ReturnType<typeof fakeSetup>> {
  const t = fakeSetup(bundled);
  await t.c.loader.openBundled(bundled[0]!.name);
  await settle(t.c);
  render(
    <ControllerContext value={t.c}>
      {o.header ? <Header /> : null}
      <RunProgress />
      <Notices />
      <Editor />
    </ControllerContext>,
  );
  return t;
}

/** Lets the fake engine's pending promises settle. */
export const tick = (): Promise<void> => act(async () => new Promise((r) => setTimeout(r, 0)));
