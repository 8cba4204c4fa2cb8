// kernscope import FILE... [--json]: real kernel logs and traces, read as streams so memory stays
// constant whatever the file size. Prints each report as it is recognised, or one NDJSON line per
// input ({"format": "kernscope-import/1", "file": ..., "findings": [...], ...}). Exit 0 when every
// input was read, 2 when one could not be read or is not text.
import { createReadStream } from 'node:fs';
import { Importer, IMPORT_FORMAT, type ImportResult } from '../import/importer.ts';
import type { ImportedFinding } from '../import/types.ts';
import { formatFrame } from '../import/trace/frame.ts';
import { diffProfiles, formatProfileDiff, normalizeProfile, type Profile, type ProfileDiff } from '../sim/views/profile.ts';
import type { Io } from './main.ts';

export interface ImportIo extends Pick<Io, 'out' | 'err'> {
  /** Opens a file (`-` = standard input) as byte chunks; Node streams when absent. */
  open?(path: string): AsyncIterable<Uint8Array>;
}

function nodeOpen(path: string): AsyncIterable<Uint8Array> {
  return path === '-' ? (process.stdin as AsyncIterable<Uint8Array>) : createReadStream(path, { highWaterMark: 1 << 20 });
}

function human(f: ImportedFinding, index: number): string {
  const lines = [`#${index} lines ${f.lines.first}-${f.lines.last}  ${f.kind}  ${f.title}`];
  if (f.duplicateOf !== undefined) lines.push(`   the same report as #${f.duplicateOf}, quoted again`);
  if (f.truncated !== undefined) lines.push(`   incomplete: ${f.truncated.join(', ')}`);
  if (f.header !== '' && f.header !== f.title) lines.push(`   ${f.header}`);
  const locks = f.fields.locks;
  if (Array.isArray(locks) && locks.length > 0) lines.push(`   locks: ${locks.join(', ')}`);
  // the trace from the blamed frame on: the generic frames above it are the report machinery
  const from = Math.max(0, f.trace.findIndex((x) => x.fn === f.blame));
  const shown = f.trace.slice(from).filter((x) => !x.unreliable);
  if (shown.length > 0) lines.push(`   trace: ${shown.slice(0, 6).map(formatFrame).join(' < ')}${shown.length > 6 ? ' < ...' : ''}`);
  for (const x of f.forensics.slice(0, 4)) lines.push(`   ${x.where}: ${x.note}`);
  if (f.forensics.length > 4) lines.push(`   ... ${f.forensics.length - 4} more byte and pointer notes (--json)`);
  return lines.join('\n') + '\n';
}

function tail(r: ImportResult, crossDiff: { file: string; diff: ProfileDiff } | null): string {
  const rest: Record<string, unknown> = { patterns: r.patterns, profiles: r.profiles, events: r.events, notices: r.notices, stats: r.stats };
  if (r.profileDiff !== undefined) rest.profileDiff = r.profileDiff;
  if (crossDiff !== null) rest.profileDiffWith = crossDiff;
  return JSON.stringify(rest).slice(1);
}

function mergedProfile(file: string, ps: readonly Profile[]): Profile | null {
  if (ps.length === 0) return null;
  return normalizeProfile({ source: file, unit: ps[0]!.unit, entries: ps.flatMap((p) => p.entries), ...(ps.length === 1 && ps[0]!.calls !== undefined ? { calls: ps[0]!.calls } : {}) });
}

export async function cmdImport(io: ImportIo, files: string[], opts: { json: boolean }): Promise<number> {
  if (files.length === 0) {
    io.err('kernscope: import: no file given (use - for standard input)\n');
    return 2;
  }
  const open = io.open ?? nodeOpen;
  let code = 0;
  const merged: (Profile | null)[] = [];
  for (const [n, file] of files.entries()) {
    let count = 0;
    const imp = new Importer({
      file,
      keepFindings: false,
      onFinding: (f, i) => {
        if (opts.json) io.out((count++ === 0 ? '' : ',') + JSON.stringify(f));
        else io.out(human(f, i));
      },
    });
    if (opts.json) io.out(`{"format":${JSON.stringify(IMPORT_FORMAT)},"file":${JSON.stringify(file)},"findings":[`);
    else io.out(`== ${file === '-' ? 'standard input' : file}\n`);
    let readError: string | null = null;
    try {
      for await (const chunk of open(file)) imp.push(chunk);
    } catch (e) {
      readError = `cannot read ${file === '-' ? 'standard input' : file}: ${e instanceof Error ? e.message : String(e)}`;
    }
    const r = imp.end();
    if (readError !== null) r.notices.unshift({ level: 'error', message: readError });
    merged.push(mergedProfile(file, r.profiles));
    const prev = n === 1 && files.length === 2 ? merged[0] : null;
    const cur = merged[n]!;
    const cross = prev !== null && prev !== undefined && cur !== null ? { file: files[0]!, diff: diffProfiles(prev, cur) } : null;
    if (opts.json) io.out(`],${tail(r, cross)}\n`);
    else {
      for (const p of r.patterns) io.out(`pattern: ${p.note} (#${p.findings.join(', #')})\n`);
      for (const p of r.profiles) io.out(`profile: ${p.source}: ${p.entries.length} functions\n`);
      if (r.profileDiff !== undefined) io.out(formatProfileDiff(r.profileDiff, ['1st', '2nd']));
      if (cross !== null) io.out(formatProfileDiff(cross.diff, [files[0]!, file]));
      if (r.stats.events > 0) io.out(`trace: ${r.stats.events} events${r.stats.events > r.events.length ? ` (${r.events.length} kept)` : ''}\n`);
    }
    for (const no of r.notices) io.err(`${file}: ${no.level}: ${no.message}\n`);
    if (!opts.json) io.err(`kernscope: ${file}: ${r.stats.findings} findings, ${r.profiles.length} profiles, ${r.stats.events} trace events, ${r.stats.lines} lines\n`);
    if (r.notices.some((x) => x.level === 'error')) code = 2;
  }
  return code;
}
