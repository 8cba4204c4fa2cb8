// Rows of 16 bytes like print_hex_dump, each byte colored by pattern and slab region.
import { memo, type MouseEvent } from 'react';
import { useAppState, useController } from '../context.ts';
import { isScenarioWrite, patternClass, regionClass } from '../format/byteInfo.ts';
import { asciiChar, hexByte, hexRows } from '../format/hexRows.ts';
import type { HexView } from '../../worker/api.ts';

function byteClasses(v: HexView, regionOf: Int16Array, i: number): string {
  const value = v.bytes[i]!;
  const w = v.writer[i]!;
  const r = regionOf[i]!;
  let cls = `p-${patternClass(v.pattern[i] ?? null, value)}`;
  if (r >= 0) cls += ` r-${regionClass(v.regions[r]!.name)}`;
  if (w >= 0 && isScenarioWrite(v.writers[w] ?? null)) cls += ' sw';
  return cls;
}

/** The byte index under the mouse, from data-i on the spans (one listener for all bytes). */
function indexOf(e: MouseEvent): number | null {
  const t = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('[data-i]') : null;
  return t ? Number(t.dataset.i) : null;
}

const Rows = memo(function Rows({ v, pinned }: { v: HexView; pinned: number | null }) {
  const regionOf = new Int16Array(v.len).fill(-1);
  v.regions.forEach((r, k) => regionOf.fill(k, r.start, r.end));
  const classes = Array.from({ length: v.len }, (_, i) => byteClasses(v, regionOf, i) + (i === pinned ? ' pin' : ''));
  return (
    <>
      {hexRows(v.addr, v.len).map((row) => {
        const idx = Array.from({ length: row.count }, (_, k) => row.offset + k);
        const starts = v.regions.filter((r) => r.start >= row.offset && r.start < row.offset + row.count).map((r) => r.name);
        return (
          <div className="hrow" key={row.offset}>
            <span className="haddr">{row.addr}:</span>
            <span className="hregion" title={starts.join(', ')}>
              {starts[0] ?? ''}
            </span>
            <span className="hbytes">
              {idx.map((i) => (
                <span key={i} data-i={i} className={`b ${classes[i]}`}>
                  {hexByte(v.bytes[i]!)}
                </span>
              ))}
            </span>
            <span className="hascii">
              {idx.map((i) => (
                <span key={i} data-i={i} className={`a ${classes[i]}`}>
                  {asciiChar(v.bytes[i]!)}
                </span>
              ))}
            </span>
          </div>
        );
      })}
    </>
  );
});

export function HexGrid() {
  const c = useController();
  const hex = useAppState((s) => s.hex);
  const pinned = useAppState((s) => s.hexPinned);
  if (!hex || hex.error || hex.len === 0) return null;
  return (
    <div
      className="hexgrid"
      role="region"
      aria-label="Bytes"
      onMouseOver={(e) => c.hoverByte(indexOf(e))}
      onMouseLeave={() => c.hoverByte(null)}
      onClick={(e) => {
        const i = indexOf(e);
        if (i !== null) c.pinByte(i);
      }}
    >
      <Rows v={hex} pinned={pinned} />
    </div>
  );
}
