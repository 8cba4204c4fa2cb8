// Which colors mean which pattern and region, listing only what is on screen.
import { usePanel } from '../../context.ts';
import { patternClass, regionClass, isScenarioWrite } from './byteInfo.ts';

const PATTERN_LABEL: Readonly<Record<string, string>> = {
  free: 'POISON_FREE 6b',
  inuse: 'POISON_INUSE 5a',
  end: 'POISON_END a5',
  'red-inactive': 'red zone inactive bb',
  'red-active': 'red zone active cc',
  lock: 'LOCK f0',
  ds: 'DS 3e',
  init: 'init_on_* 00',
  zero: '00',
};

export function HexLegend() {
  const hex = usePanel('hex', (h) => h.answer);
  if (!hex || hex.len === 0) return null;
  const pats = new Set<string>();
  for (let i = 0; i < hex.len; i++) pats.add(patternClass(hex.pattern[i] ?? null, hex.bytes[i]!));
  const regions = [...new Map(hex.regions.map((r) => [regionClass(r.name), r.name])).entries()];
  const stray = hex.writers.some((w) => isScenarioWrite(w));
  return (
    <div className="legend" aria-label="Legend">
      {[...pats]
        .filter((p) => PATTERN_LABEL[p])
        .map((p) => (
          <span key={p} className={`lg b p-${p}`}>
            {PATTERN_LABEL[p]}
          </span>
        ))}
      {regions.map(([cls, name]) => (
        <span key={cls} className={`lg b r-${cls}`}>
          {name}
        </span>
      ))}
      {stray && <span className="lg b scenario-write">written by the scenario</span>}
    </div>
  );
}
