// Importing a real log without blocking the worker: the Blob is read a chunk at a time
// (Blob.slice), each chunk decoded by the importer's streaming UTF-8 decoder and parsed; between
// chunks the worker answers other messages (a cancel) and reports progress. A cancelled import
// ends like a finished one: open reports are closed and what was recognised is kept.
import { Importer } from '../import/importer.ts';
import { scenarioFor } from '../import/scenario/index.ts';
import type { GeneratedScenario } from '../import/scenario/types.ts';
import type { ImportedFinding } from '../import/types.ts';
import type { ImportedLog, ImportFault, ImportProgress, ImportWorkerApi, RawLine } from './importProtocol.ts';
import { CANCEL_REASON, eventLoopClock, PROGRESS_MS, type SliceClock } from './slicer.ts';

/** Bytes read and parsed between two yields: ~10-20 ms of parsing. */
export const CHUNK_BYTES = 1 << 20;
/** Lines kept of one report for the raw view, and findings whose lines are kept at all. */
export const RAW_LINES = 400;
export const RAW_FINDINGS = 5000;
/** Kernel log lines kept for the imported run's dmesg. */
export const LOG_LINES = 200_000;

export class LogImporter implements ImportWorkerApi {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly cancelled = new Set<number>();
  /** Called after each chunk and its progress (the worker plays test faults there). */
  afterChunk: (() => void | Promise<void>) | null = null;

  constructor(
    private readonly clock: SliceClock = eventLoopClock(),
    private readonly chunk = CHUNK_BYTES,
    private readonly progressMs = PROGRESS_MS,
  ) {}

  importLog(blob: Blob, name: string, ticket: number, onProgress?: (p: ImportProgress) => void): Promise<ImportedLog> {
    const run = this.chain.then(() => this.read(blob, name, ticket, onProgress));
    this.chain = run.catch(() => {});
    return run;
  }

  cancel(ticket: number): void {
    this.cancelled.add(ticket);
  }

  scenario(finding: ImportedFinding): GeneratedScenario | null {
    return scenarioFor(finding);
  }

  fault(_kind: ImportFault): void {
    // the worker entry plays faults (import.worker.ts); in process there is nothing to break
  }

  private async read(blob: Blob, name: string, ticket: number, onProgress?: (p: ImportProgress) => void): Promise<ImportedLog> {
    const raw: RawLine[][] = [];
    const rawCut: number[] = [];
    let found = 0;
    // findings not yet sent with a progress
    let fresh: ImportedFinding[] = [];
    let sent = 0;
    const imp = new Importer({
      file: name,
      maxLogLines: LOG_LINES,
      onFinding: (f, index, lines) => {
        found = index + 1;
        if (index < RAW_FINDINGS) fresh.push(f);
        if (index >= RAW_FINDINGS) return;
        const kept: RawLine[] = [];
        for (let i = 0; i < lines.length && i < RAW_LINES; i++) kept.push({ n: lines[i]!.first, ts: lines[i]!.ts, text: lines[i]!.text });
        if (lines.length > RAW_LINES) rawCut.push(index);
        raw[index] = kept;
      },
    });
    const total = blob.size;
    let done = 0;
    let cancelled = false;
    let reported = this.clock.now();
    try {
      while (done < total) {
        if (this.cancelled.has(ticket)) {
          cancelled = true;
          break;
        }
        const end = Math.min(total, done + this.chunk);
        const bytes = new Uint8Array(await blob.slice(done, end).arrayBuffer());
        imp.push(bytes);
        done = end;
        const now = this.clock.now();
        // new findings are sent at once: the page keeps them whatever becomes of this worker
        if (onProgress && (now - reported >= this.progressMs || fresh.length > 0)) {
          reported = now;
          const p: ImportProgress = { bytes: done, total, lines: imp.lines, findings: found };
          if (fresh.length > 0) {
            p.recognised = { from: sent, findings: fresh, raw: fresh.map((_f, i) => raw[sent + i] ?? []) };
            sent += fresh.length;
            fresh = [];
          }
          onProgress(p);
        }
        await this.afterChunk?.();
        await this.clock.yield();
      }
      const r = imp.end();
      if (cancelled) {
        const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
        r.notices.unshift({ level: 'warning', message: `${CANCEL_REASON} after ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} bytes (${pct}%): what was recognised so far is kept` });
      }
      onProgress?.({ bytes: done, total, lines: r.stats.lines, findings: r.stats.findings });
      for (let i = 0; i < r.findings.length && i < RAW_FINDINGS; i++) raw[i] ??= [];
      return { ...r, raw, rawCut, total, cancelled };
    } finally {
      this.cancelled.delete(ticket);
    }
  }
}
