// The import worker's protocol: a real kernel log (a File, a Blob, pasted text) read in chunks and
// turned into findings by src/import, with progress and cancel. Types only, so the page can
// import it without pulling the importer into its bundle.
import type { ImportResult } from '../import/importer.ts';
import type { GeneratedScenario } from '../import/scenario/types.ts';
import type { ImportedFinding } from '../import/types.ts';

export type { ImportResult } from '../import/importer.ts';
export type { GeneratedScenario } from '../import/scenario/types.ts';
export type { ByteDump, FieldValue, Forensic, Frame, ImportedFinding, Notice as ImportNotice, SharedPattern, Trace } from '../import/types.ts';
export type { TraceEvent } from '../import/ftrace/events.ts';
export type { Profile, ProfileEntry } from '../sim/views/profile.ts';

/** How far an import is: bytes read of the whole, and what was recognised so far. */
export interface ImportProgress {
  bytes: number;
  total: number;
  lines: number;
  findings: number;
  /**
   * The findings completed since the last progress (numbered from `from`), with their lines: the
   * page keeps them, so a worker that hangs or crashes later loses nothing recognised before.
   */
  recognised?: { from: number; findings: ImportedFinding[]; raw: RawLine[][] };
}

/** A fault the import worker plays after the first chunk of its next import (tests of the page's watchdog). */
export type ImportFault = 'hang' | 'crash';

/** One input line of a report as the importer read it (prefix parsed, wrapped lines joined). */
export interface RawLine {
  /** 1-based input line number. */
  n: number;
  /** printk time in seconds, or -1. */
  ts: number;
  text: string;
}

/** An imported log: the importer's result, each finding's own lines, and whether it was read to its end. */
export interface ImportedLog extends ImportResult {
  /** Per finding (same index), its report's lines; capped, see `rawCut`. */
  raw: RawLine[][];
  /** Findings whose lines were not all kept. */
  rawCut: number[];
  /** The input's size in bytes (the whole file, also when cancelled). */
  total: number;
  /** The user stopped it: what was recognised before is kept. */
  cancelled: boolean;
}

export interface ImportWorkerApi {
  /** Reads `blob` in chunks; `ticket` names the import for cancel(). */
  importLog(blob: Blob, name: string, ticket: number, onProgress?: (p: ImportProgress) => void): Promise<ImportedLog>;
  /** Stops the import of that ticket after its current chunk: it answers with what was recognised. */
  cancel(ticket: number): void;
  /** A scenario reproducing an imported lockdep or SLUB finding, with what it had to infer; null for other kinds. */
  scenario(finding: ImportedFinding): GeneratedScenario | null;
  fault(kind: ImportFault): void;
}
