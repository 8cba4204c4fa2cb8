// Top bar: scenario picker, open file, share.
import { useRef } from 'react';
import { useController, useLoading, useRun } from '../context.ts';
import { openScenarioFile } from '../fileDrop.ts';
import { Place } from './Place.tsx';

function ScenarioPicker() {
  const c = useController();
  const origin = useRun((r) => r.origin);
  const name = useRun((r) => r.info?.name ?? '');
  const loading = useLoading();
  const value = origin?.kind === 'bundled' ? origin.name : '';
  const other = origin && origin.kind !== 'bundled' ? `${name} (${origin.kind === 'file' ? origin.name : origin.kind === 'link' ? 'from link' : 'edited'})` : null;
  return (
    <label className="picker">
      <span className="sr-only">Scenario</span>
      <select aria-label="Scenario" value={value} disabled={loading} onChange={(e) => e.target.value && void c.loader.openBundled(e.target.value)}>
        {value === '' && <option value="">{other ?? 'choose a scenario…'}</option>}
        {c.bundled.map((b) => (
          <option key={b.name} value={b.name}>
            {b.title}
          </option>
        ))}
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
    </header>
  );
}
