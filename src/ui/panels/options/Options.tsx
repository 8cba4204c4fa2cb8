// Kernel command line, kconfig and patches: flip, re-run, keep the place.
import { useMemo } from 'react';
import { CompareForm } from '../../compare/CompareForm.tsx';
import { CompareOther } from '../../compare/CompareOther.tsx';
import { useController, useLoading, useRun } from '../../context.ts';
import { describePatch, effectiveCmdline, effectiveKconfig, effectivePatch, fileConfig, kconfigKeys, NO_OPTIONS, patchKeys, withCmdline, withKconfig, withPatch } from '../../overrides.ts';

export function Options() {
  const c = useController();
  const text = useRun((r) => r.text);
  const overrides = useRun((r) => r.overrides);
  const known = useRun((r) => r.info?.options ?? NO_OPTIONS);
  const loading = useLoading();
  const imported = useRun((r) => r.info?.imported?.file ?? null);
  const file = useMemo(() => fileConfig(text), [text]);
  if (imported !== null)
    return (
      <div className="options">
        <p className="muted small">
          <code>{imported}</code> is an imported log: it has no switches to flip. Compare it with another log or with a scenario.
        </p>
        <CompareOther open />
      </div>
    );
  if (text === null) return <p className="muted">No scenario loaded.</p>;
  const cmdline = effectiveCmdline(file, overrides);
  const patches = patchKeys(known, file, overrides);
  const changed = Object.keys(overrides).length > 0;
  return (
    <div className="options">
      <form
        className="cmdline"
        onSubmit={(e) => {
          e.preventDefault();
          const v = String(new FormData(e.currentTarget).get('cmdline') ?? '');
          void c.loader.rerun(withCmdline(known, file, overrides, v));
        }}
      >
        <label htmlFor="cmdline">Kernel command line</label>
        <div className="row">
          <input id="cmdline" key={cmdline} name="cmdline" defaultValue={cmdline} spellCheck={false} placeholder="slub_debug=FZPU init_on_free=1" />
          <button type="submit" disabled={loading}>
            Apply
          </button>
        </div>
        {overrides.cmdline !== undefined && <p className="muted small">file says: {file.cmdline === '' ? '(empty)' : <code>{file.cmdline}</code>}</p>}
      </form>
      <fieldset>
        <legend>kconfig</legend>
        {kconfigKeys(known, file, overrides).map((k) => {
          const on = effectiveKconfig(known, file, overrides, k);
          return (
            <label key={k} className={`check${overrides.kconfig?.[k] !== undefined ? ' overridden' : ''}`}>
              <input type="checkbox" checked={on} disabled={loading} onChange={() => void c.loader.rerun(withKconfig(known, file, overrides, k, !on))} />
              <code>
                {k}={on ? 'y' : 'n'}
              </code>
            </label>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>patches</legend>
        {patches.length === 0 && <p className="muted small">This kernscope knows no patches yet.</p>}
        {patches.map((p) => {
          const on = effectivePatch(file, overrides, p);
          return (
            <label key={p} className={`check${overrides.patches?.[p] !== undefined ? ' overridden' : ''}`} title={describePatch(known, p)}>
              <input type="checkbox" checked={on} disabled={loading} onChange={() => void c.loader.rerun(withPatch(known, file, overrides, p, !on))} />
              <code>{p}</code>
            </label>
          );
        })}
      </fieldset>
      <div className="row">
        <button type="button" disabled={!changed || loading} onClick={() => void c.loader.rerun({})}>
          Reset to the scenario&apos;s config
        </button>
        <span className="muted small">{changed ? 'overrides go into the share link' : 'no overrides'}</span>
      </div>
      <CompareForm />
      <CompareOther />
    </div>
  );
}

/** The number of options changed from the scenario's, on the Options tab. */
export function OptionsBadge() {
  const n = useRun((r) => Object.keys(r.overrides).length);
  return n > 0 ? <span className="badge">{n}</span> : null;
}
