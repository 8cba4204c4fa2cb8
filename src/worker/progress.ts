// Progress of a run being opened crosses to the page about ten times a second, each with the run's
// summary so far; its findings only grow while it records (thousands of them in text-poke-0xf0),
// so each message carries the new ones and the page puts the list back together.
import type { Finding, OpenProgress } from './protocol.ts';

/** The worker's side: each progress's findings cut to those the one before did not carry. */
export function findingsDelta(onProgress: (p: OpenProgress) => void): (p: OpenProgress) => void {
  let sent = 0;
  return (p) => {
    const part = p.partial;
    if (!part) return onProgress(p);
    const all = part.info.findings;
    // a shorter list than sent (never while recording): sent again whole
    const from = all.length >= sent ? sent : 0;
    sent = all.length;
    onProgress({ ...p, partial: { ...part, findingsFrom: from, info: { ...part.info, findings: all.slice(from) } } });
  };
}

/** The page's side: progress with the whole list of findings again. */
export function wholeFindings(onProgress: (p: OpenProgress) => void): (p: OpenProgress) => void {
  const findings: Finding[] = [];
  return (p) => {
    const part = p.partial;
    if (!part || part.findingsFrom === undefined) return onProgress(p);
    findings.length = Math.min(findings.length, part.findingsFrom);
    for (const f of part.info.findings) findings.push(f);
    const { findingsFrom: _, ...rest } = part;
    onProgress({ ...p, partial: { ...rest, info: { ...part.info, findings: findings.slice() } } });
  };
}
