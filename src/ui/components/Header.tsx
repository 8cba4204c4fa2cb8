// Top bar: scenario picker, open file, share.
import { useRef } from 'react';
import { useAppState, useController, useRun } from '../context.ts';
import { openScenarioFile } from '../fileDrop.ts';
import { ImportButtons } from '../import/ImportButtons.tsx';
import { Place } from './Place.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';

/** Picker values: a bundled scenario by name, one of the user's library as "mine:<id>". */
const MINE = 'mine:';

function ScenarioPicker() {
  const c = useController();
  const origin = useRun((r) => r.origin);
  const name = useRun((r) => r.info?.name ?? '');
  const library = useAppState((s) => s.library);
  const value = origin?.kind === 'bundled' ? origin.name : origin?.kind === 'library' && library.some((e) => e.id === origin.id) ? `${MINE}${origin.id}` : '';
  const other = origin && value === '' ? `${name} (${origin.kind === 'file' ? origin.name : origin.kind === 'import' ? 'imported log' : origin.kind === 'link' ? 'from link' : 'edited'})` : null;
  const pick = (v: string) => {
    if (v.startsWith(MINE)) void c.library.open(v.slice(MINE.length));
    else if (v) void c.loader.openBundled(v);
  };
  return (
    <label className="picker">
      <span className="sr-only">Scenario</span>
      <select aria-label="Scenario" value={value} onChange={(e) => pick(e.target.value)}>
        {value === '' && <option value="">{other ?? 'choose a scenario…'}</option>}
        {library.length > 0 && (
          <optgroup label="My scenarios (this browser)">
            {library.map((e) => (
              <option key={e.id} value={`${MINE}${e.id}`}>
                {e.name}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label="Bundled">
          {c.bundled.map((b) => (
            <option key={b.name} value={b.name}>
              {b.title}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}

function OpenFile() {
  const c = useController();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title="Open a scenario .json file (or drop one on the page)">
        Open file
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label="Scenario file"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void openScenarioFile(c, f);
        }}
      />
    </>
  );
}

export function Header() {
  const c = useController();
  const cmdline = useRun((r) => r.info?.config.cmdline ?? null);
  const overridden = useRun((r) => Object.keys(r.overrides).length > 0);
  const hasRun = useRun((r) => r.text !== null);
  return (
    <header className="header">
      <span className="logo">kernscope</span>
      <ScenarioPicker />
      <OpenFile />
      <ImportButtons />
      <span className="title">
        {cmdline !== null && (
          <>
            cmdline: <code title="kernel command line of this run">{cmdline === '' ? '(empty)' : cmdline}</code>
            {overridden && <span className="overridden"> · options changed</span>}
          </>
        )}
      </span>
      <button type="button" className="primary" disabled={!hasRun} onClick={() => void c.address.share()} title="Put this exact moment in the URL and copy it">
        Share
      </button>
      <Place name="header" />
      <ThemeToggle />
    </header>
  );
}
