// The hex dumps of an imported report, bytes coloured by the pattern they most likely are (the hex
// view's colours), the overwritten ones marked, and a legend naming the patterns shown.
import { useMemo } from 'react';
import type { ImportedFinding } from '../../worker/importProtocol.ts';
import { dumpBlocks, dumpPatterns, type DumpByte } from './dumpRows.ts';

const hex2 = (v: number) => v.toString(16).padStart(2, '0');

function title(b: DumpByte): string {
  const at = `0x${b.addr.toString(16)}: 0x${hex2(b.value)}`;
  return [at, b.name, b.bad ? 'named in the report as overwritten / the bad access' : ''].filter((s) => s !== '').join('\n');
}

export function DumpView({ finding }: { finding: ImportedFinding }) {
  const blocks = useMemo(() => dumpBlocks(finding), [finding]);
  const patterns = useMemo(() => dumpPatterns(blocks), [blocks]);
  if (blocks.length === 0) return <p className="muted empty">This report printed no bytes.</p>;
  const width = Math.max(16, ...blocks.map((b) => b.rows.reduce((w, r) => Math.max(w, r.bytes[r.bytes.length - 1]?.addr.toString(16).length ?? 0), 0)));
  return (
    <div className="imp-dump" aria-label="Hex dump">
      <div className="legend" aria-label="Patterns">
        {patterns.map((p) => (
          <span key={p.name} className={`lg b p-${p.cls}`} title={p.name}>
            {p.cls === 'shadow' ? `${hex2(p.value)} ${p.name.split(':')[0]}` : `${p.name} ${hex2(p.value)}`}
          </span>
        ))}
        {blocks.some((b) => b.rows.some((r) => r.bytes.some((x) => x.bad))) && <span className="lg b imp-bad">overwritten / accessed</span>}
      </div>
      {blocks.map((b, bi) => (
        <div key={bi} className="imp-block">
          <div className="imp-block-label">{b.shadow ? `${b.label} (KASAN shadow: one byte per 8)` : b.label}</div>
          {b.rows.map((r, ri) => (
            <div key={ri} className="imp-row">
              <span className="haddr">{r.addr.toString(16).padStart(Math.min(width, 16), '0')}</span>
              <span className="imp-bytes">
                {r.bytes.map((x, i) => (
                  <span key={i} className={`b p-${x.cls}${x.bad ? ' imp-bad' : ''}`} title={title(x)} data-pattern={x.name || undefined}>
                    {hex2(x.value)}
                  </span>
                ))}
              </span>
              <span className="imp-ascii">{r.bytes.map((x) => (x.value >= 32 && x.value < 127 ? String.fromCharCode(x.value) : '.')).join('')}</span>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
