// Rows of 16 bytes like print_hex_dump, each byte colored by pattern and slab region.
import { memo, type MouseEvent } from 'react';
import type { HexAnswer } from '../../../worker/protocol.ts';
import { useController, usePanel } from '../../context.ts';
import { hoverByte, pinByte } from './actions.ts';
import { isScenarioWrite, patternClass, regionClass } from './byteInfo.ts';
import { asciiChar, hexByte, hexRows } from './hexRows.ts';

function byteClasses(v: HexAnswer, regionOf: Int16Array, i: number): string {
  const value = v.bytes[i]!;
  const w = v.writer[i]!;
  const r = regionOf[i]!;
  let cls = `p-${patternClass(v.pattern[i] ?? null, value)}`;
  if (r >= 0) cls += ` r-${regionClass(v.regions[r]!.name)}`;
  if (w >= 0 && isScenarioWrite(v.writers[w] ?? null)) cls += ' scenario-write';
  return cls;
}

/** The byte index under the mouse, from data-i on the spans (one listener for all bytes). */
function indexOf(e: MouseEvent): number | null {
  const t = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('[data-i]') : null;
  return t ? Number(t.dataset.i) : null;
}

const Rows = memo(function Rows({ v, pinned, range }: { v: HexAnswer; pinned: number | null; range: readonly [number, number] | null }) {
  const regionOf = new Int16Array(v.len).fill(-1);
  v.regions.forEach((r, k) => regionOf.fill(k, r.start, r.end));
  const classes = Array.from({ length: v.len }, (_, i) => byteClasses(v, regionOf, i) + (i === pinned ? ' pin' : '') + (range && i >= range[0] && i <= range[1] ? ' sel' : ''));
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
  const hex = usePanel('hex', (h) => h.answer);
  const pinned = usePanel('hex', (h) => h.pinned);
  const range = usePanel('hex', (h) => h.range);
  if (!hex || hex.error || hex.len === 0) return null;
  return (
    <div
      className="hexgrid"
      role="region"
      aria-label="Bytes"
      onMouseOver={(e) => hoverByte(c, indexOf(e))}
      onMouseLeave={() => hoverByte(c, null)}
      onClick={(e) => {
        const i = indexOf(e);
        if (i !== null) pinByte(c, i);
      }}
    >
      <Rows v={hex} pinned={pinned} range={range} />
    </div>
  );
}
