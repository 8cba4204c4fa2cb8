// "Compare with…" in the Options panel: the same switches as the run shown, set for a second run
// that then runs beside it. They start as the run shown has them.
import { useMemo, useState } from 'react';
import type { RunOverrides } from '../../worker/protocol.ts';
import { useAppState, useController, useLoading, useRun } from '../context.ts';
import { effectiveCmdline, effectiveKconfig, effectivePatch, fileConfig, kconfigKeys, NO_OPTIONS, normalizeOverrides, patchKeys } from '../overrides.ts';

export function CompareForm() {
  const c = useController();
  const text = useRun((r) => r.text);
  const overrides = useRun((r) => r.overrides);
  const known = useRun((r) => r.info?.options ?? NO_OPTIONS);
  const seed = useRun((r) => r.info?.config.seed ?? 0);
  const opening = useAppState((s) => s.compare?.status === 'opening');
  const loading = useLoading();
  const file = useMemo(() => fileConfig(text), [text]);
  const kkeys = kconfigKeys(known, file, overrides);
  const pkeys = patchKeys(known, file, overrides);
  // the second run's switches, edited here; null: as the run shown has them
  const [kc, setKc] = useState<Record<string, boolean>>({});
  const [pt, setPt] = useState<Record<string, boolean>>({});
  const [cmdline, setCmdline] = useState<string | null>(null);
  const [seedText, setSeedText] = useState<string | null>(null);
  if (text === null) return null;
  const kOn = (k: string) => kc[k] ?? effectiveKconfig(known, file, overrides, k);
  const pOn = (p: string) => pt[p] ?? effectivePatch(file, overrides, p);
  const cmd = cmdline ?? effectiveCmdline(file, overrides);
  const seedV = seedText ?? String(seed);
  const seedOk = /^\d+$/.test(seedV) && Number(seedV) <= 0xffffffff;
  const start = () => {
    const o: RunOverrides = { cmdline: cmd, kconfig: Object.fromEntries(kkeys.map((k) => [k, kOn(k)])), patches: Object.fromEntries(pkeys.map((p) => [p, pOn(p)])) };
    if (Number(seedV) !== seed || overrides.seed !== undefined) o.seed = Number(seedV);
    void c.compare.start(normalizeOverrides(known, file, o));
  };
  const reset = () => {
    setKc({});
    setPt({});
    setCmdline(null);
    setSeedText(null);
  };
  return (
    <details className="compare-form">
      <summary>Compare with…</summary>
      <p className="muted small">Run this scenario again with these switches beside the run shown: one cursor, what differs marked.</p>
      <label htmlFor="cmp-cmdline">Kernel command line of run B</label>
      <input id="cmp-cmdline" value={cmd} onChange={(e) => setCmdline(e.target.value)} spellCheck={false} className="mono" />
      <div className="check-list" aria-label="kconfig of run B">
        {kkeys.map((k) => (
          <label key={k} className={`check${kc[k] !== undefined && kc[k] !== effectiveKconfig(known, file, overrides, k) ? ' overridden' : ''}`}>
            <input type="checkbox" aria-label={`B: ${k}`} checked={kOn(k)} onChange={() => setKc({ ...kc, [k]: !kOn(k) })} />
            <code>
              {k}={kOn(k) ? 'y' : 'n'}
            </code>
          </label>
        ))}
      </div>
      <div className="check-list" aria-label="patches of run B">
        {pkeys.map((p) => (
          <label key={p} className={`check${pt[p] !== undefined && pt[p] !== effectivePatch(file, overrides, p) ? ' overridden' : ''}`}>
            <input type="checkbox" aria-label={`B: patch ${p}`} checked={pOn(p)} onChange={() => setPt({ ...pt, [p]: !pOn(p) })} />
            <code>{p}</code>
          </label>
        ))}
      </div>
      <div className="row">
        <label htmlFor="cmp-seed" className="small muted">
          seed
        </label>
        <input id="cmp-seed" value={seedV} onChange={(e) => setSeedText(e.target.value)} inputMode="numeric" className="mono" style={{ width: '12ch', flex: '0 0 auto' }} />
        <button type="button" onClick={reset}>
          As shown
        </button>
        <button type="button" className="primary" disabled={loading || opening || !seedOk} onClick={start}>
          Run beside
        </button>
      </div>
    </details>
  );
}
