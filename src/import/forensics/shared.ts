// Patterns several reports of one log share: the same stray byte in pointers, dumps and user
// memory is how seed 002's thread found text_poke() writing 0xf0 into other owners' pages.
import type { ImportedFinding, SharedPattern } from '../types.ts';
import { BYTE_PATTERNS } from './values.ts';

const SHAREABLE = /^(?:byte:|nibble$|poison:|list-poison$|all-ones$|spinlock-magic$|run:POISON_FREE$)/;

function describe(tag: string): string {
  if (tag.startsWith('byte:')) {
    const b = parseInt(tag.slice(5), 16);
    return `a stray byte 0x${b.toString(16)} in otherwise valid values${BYTE_PATTERNS.has(b) ? ` (${BYTE_PATTERNS.get(b)!.what})` : ''}`;
  }
  if (tag === 'nibble') return 'pointers one nibble away from valid ones';
  if (tag.startsWith('poison:')) return `pointers read from ${tag.slice(7)}-poisoned memory`;
  if (tag === 'run:POISON_FREE') return 'runs of POISON_FREE (0x6b) in their dumps';
  if (tag === 'list-poison') return 'LIST_POISON pointers';
  if (tag === 'all-ones') return 'all-ones (-1) values where pointers belong';
  return tag;
}

/** Collects, finding by finding, which shareable tags each has; memory grows with tags, not with findings' text. */
export class SharedIndex {
  private readonly byTag = new Map<string, number[]>();

  add(index: number, f: Pick<ImportedFinding, 'forensics' | 'duplicateOf'>): void {
    if (f.duplicateOf !== undefined) return;
    for (const tag of new Set(f.forensics.map((x) => x.tag))) {
      if (!SHAREABLE.test(tag)) continue;
      const list = this.byTag.get(tag) ?? [];
      if (list.length < 1000) list.push(index);
      this.byTag.set(tag, list);
    }
  }

  /** Tags shared by at least two distinct reports (quoted duplicates count once). */
  result(): SharedPattern[] {
    const out: SharedPattern[] = [];
    for (const [tag, idx] of this.byTag) if (idx.length >= 2) out.push({ tag, findings: idx, note: `${idx.length} reports share ${describe(tag)}` });
    return out.sort((a, b) => b.findings.length - a.findings.length);
  }
}

export function sharedPatterns(findings: readonly Pick<ImportedFinding, 'forensics' | 'duplicateOf'>[]): SharedPattern[] {
  const s = new SharedIndex();
  findings.forEach((f, i) => s.add(i, f));
  return s.result();
}
