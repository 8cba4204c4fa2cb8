// Import figures for `npm run bench`: throughput of src/import on a 200 MB synthetic log (noise of a
// busy machine with real reports from src/import/corpus mixed in, built in memory), compared with
// plain line splitting of the same text in the same process; and the CLI's peak RSS on that log
// written to a temporary file. Benchmarks, not tests: nothing here asserts.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, createWriteStream, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Importer } from '../src/import/importer.ts';
import { ROOT as root } from './root.ts';

const CORPUS = join(root, 'src/import/corpus');
const CHUNK = 1 << 20;
/** A report after one line in 10000 (about 270 reports, 0.6% of the lines, in 200 MB): a log of a machine that crashes a lot. */
export const REPORT_DENSITY = 0.0001;
/** Six times as many (about 3% of the lines): a fuzzing farm's console, for the `_dense` figures. */
export const DENSE_REPORT_DENSITY = 0.0006;

// a deterministic generator, so every run measures the same text
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = [
  'usb 1-1: new high-speed USB device number %d using xhci_hcd',
  'EXT4-fs (nvme0n1p%d): mounted filesystem with ordered data mode. Quota mode: none.',
  'wlan0: authenticate with 3c:37:12:%d:a1:0f',
  'audit: type=1400 audit(1700000000.%d:42): apparmor="STATUS" operation="profile_load" name="snap-update-ns"',
  'nouveau 0000:01:00.0: DRM: evicting buffers... %d',
  'e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx %d',
  'systemd[1]: Started Journal Service. %d',
  'PM: suspend entry (deep) %d',
  'ACPI: EC: interrupt blocked %d',
  'Freezing user space processes ... (elapsed 0.0%d seconds) done.',
  'kvm: disabling virtualization on CPU%d',
  'TCP: request_sock_TCP: Possible SYN flooding on port 8080. Sending cookies. %d',
];

/** The report texts of the corpus, their printk prefixes removed so the generator can add its own. */
function reports(): string[][] {
  const out: string[][] = [];
  for (const dir of ['syzkaller', 'lkml', 'docs']) {
    const d = join(CORPUS, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) {
      if (!f.endsWith('.txt')) continue;
      const lines = readFileSync(join(d, f), 'utf8')
        .split('\n')
        .map((l) => l.replace(/^\s*\[\s*\d+\.\d+\](?:\[\s*[TC]\d+\])?\s?/, ''))
        .filter((l) => l.length > 0)
        .slice(0, 160);
      if (lines.length > 5) out.push(lines);
    }
  }
  return out;
}

/** About `mb` megabytes of dmesg in 1 MiB chunks; a report starts after a line with probability `density`. */
export function syntheticLog(mb: number, seed = 1, density = REPORT_DENSITY): string[] {
  const r = rng(seed);
  const reps = reports();
  const chunks: string[] = [];
  let cur: string[] = [];
  let curLen = 0;
  let total = 0;
  let t = 0;
  const emit = (text: string) => {
    t += 0.000173;
    const line = `[${t.toFixed(6).padStart(12)}] ${text}\n`;
    cur.push(line);
    curLen += line.length;
    if (curLen >= CHUNK) {
      chunks.push(cur.join(''));
      total += curLen;
      cur = [];
      curLen = 0;
    }
  };
  while (total + curLen < mb * 1e6) {
    if (r() < density && reps.length > 0) for (const l of reps[Math.floor(r() * reps.length)]!) emit(l);
    else emit(NOISE[Math.floor(r() * NOISE.length)]!.replace('%d', String(Math.floor(r() * 1000))));
  }
  if (cur.length > 0) chunks.push(cur.join(''));
  return chunks;
}

function lineSplit(chunks: readonly string[]): number {
  let lines = 0;
  let pending = '';
  for (const c of chunks) {
    let start = 0;
    let nl = c.indexOf('\n');
    while (nl >= 0) {
      const line = start === 0 && pending.length > 0 ? pending + c.slice(0, nl) : c.slice(start, nl);
      if (line.length >= 0) lines++;
      start = nl + 1;
      nl = c.indexOf('\n', start);
    }
    pending = c.slice(start);
  }
  return lines;
}

function importAll(chunks: readonly string[]): { findings: number; lines: number } {
  const imp = new Importer({ keepFindings: false, maxEvents: 0 });
  for (const c of chunks) imp.push(c);
  const r = imp.end();
  return { findings: r.stats.findings, lines: r.stats.lines };
}

function best(runs: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    f();
    min = Math.min(min, performance.now() - s);
  }
  return min;
}

export interface ImportFigures {
  import_log_mb: number;
  import_mb_per_s: number;
  linesplit_mb_per_s: number;
  import_vs_linesplit_ratio: number;
  import_findings: number;
  import_lines: number;
  import_mb_per_s_dense: number;
  import_vs_linesplit_ratio_dense: number;
  import_findings_dense: number;
}

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function measure(chunks: readonly string[]): { mbps: number; splitMbps: number; ratio: number; findings: number; lines: number } {
  const bytes = chunks.reduce((a, c) => a + c.length, 0);
  // a whole run first: the report parsers take several runs over their reports to be optimised,
  // and a run on part of the log measured a cold importer at a third of its steady speed
  importAll(chunks);
  lineSplit(chunks);
  let res = { findings: 0, lines: 0 };
  const importMs = best(3, () => {
    res = importAll(chunks);
  });
  const splitMs = best(3, () => lineSplit(chunks));
  return { mbps: bytes / 1e6 / (importMs / 1000), splitMbps: bytes / 1e6 / (splitMs / 1000), ratio: splitMs / importMs, ...res };
}

/**
 * Throughput on a `mb` MB synthetic log (200 by default) and the ratio to plain line splitting of
 * the same chunks (indexOf + slice per line); `_dense` figures for a log with six times the reports.
 */
export function importFigures(mb = 200): ImportFigures {
  const chunks = syntheticLog(mb);
  const m = measure(chunks);
  const dense = measure(syntheticLog(mb, 1, DENSE_REPORT_DENSITY));
  return {
    import_log_mb: Math.round(chunks.reduce((a, c) => a + c.length, 0) / 1e6),
    import_mb_per_s: round(m.mbps, 1),
    linesplit_mb_per_s: round(m.splitMbps, 1),
    import_vs_linesplit_ratio: round(m.ratio, 3),
    import_findings: m.findings,
    import_lines: m.lines,
    import_mb_per_s_dense: round(dense.mbps, 1),
    import_vs_linesplit_ratio_dense: round(dense.ratio, 3),
    import_findings_dense: dense.findings,
  };
}

/** Whether bin/kernscope.mjs knows the import command yet (it is wired in src/cli/main.ts). */
function cliHasImport(): boolean {
  const r = spawnSync(process.execPath, [join(root, 'bin/kernscope.mjs'), 'help'], { encoding: 'utf8' });
  return /kernscope import/.test(r.stdout + r.stderr);
}

/** Peak RSS of a process, sampled from /proc/<pid>/status (VmHWM) while it runs (Linux). */
function peakRss(cmd: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    let peak: number | null = null;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m !== null) peak = Math.max(peak ?? 0, Number(m[1]) / 1024);
      } catch {
        // the process ended between two samples
      }
    }, 20);
    child.on('exit', () => {
      clearInterval(poll);
      resolve(peak);
    });
  });
}

/**
 * `import_peak_rss_mb`: the CLI importing the `mb` MB synthetic log from a temporary file. Runs
 * `node bin/kernscope.mjs import FILE --json` once main.ts has the command; until then it runs
 * cmdImport from src/cli/import.ts through tsx, and says so in `import_peak_rss_via`.
 */
export async function importPeakRss(mb = 200): Promise<{ import_peak_rss_mb: number | null; import_peak_rss_via: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kernscope-import-'));
  const file = join(dir, 'synthetic.log');
  try {
    const out = createWriteStream(file);
    for (const c of syntheticLog(mb)) if (!out.write(c)) await new Promise((r) => out.once('drain', r));
    await new Promise((r) => out.end(r));
    if (cliHasImport()) {
      const rss = await peakRss(process.execPath, [join(root, 'bin/kernscope.mjs'), 'import', file, '--json']);
      return { import_peak_rss_mb: rss === null ? null : Math.round(rss), import_peak_rss_via: 'node bin/kernscope.mjs import FILE --json' };
    }
    const script = join(dir, 'run.mts');
    writeFileSync(
      script,
      `import { cmdImport } from ${JSON.stringify(join(root, 'src/cli/import.ts'))};\n` +
        `process.exitCode = await cmdImport({ out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }, [${JSON.stringify(file)}], { json: true });\n`,
    );
    const rss = await peakRss(process.execPath, ['--import', 'tsx', script]);
    return { import_peak_rss_mb: rss === null ? null : Math.round(rss), import_peak_rss_via: 'cmdImport through tsx (main.ts does not route "import" yet)' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/import.ts [MB]` prints the figures on their own
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const mb = Number(process.argv[2] ?? 200);
  const figures = importFigures(mb);
  void importPeakRss(mb).then((rss) => console.log(JSON.stringify({ ...figures, ...rss })));
}
