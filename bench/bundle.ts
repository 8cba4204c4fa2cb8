// bundle_gzip_kb: the gzipped size of the JavaScript a built app's index.html loads before it can
// run: its module scripts and modulepreloads and, transitively, the chunks those import statically
// (not the chunks loaded on demand with import(), not workers). worker_gzip_kb: the engine worker
// and its static imports. gzip level 9 of each file as served; 1 kB = 1000 bytes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The paths (relative to dist/, no leading slash) a chunk imports statically (import … from / export … from / bare import). */
export function staticImports(js: string, from: string): string[] {
  const out: string[] = [];
  const re = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+\.m?js)["']/g;
  for (let m = re.exec(js); m !== null; m = re.exec(js)) {
    const spec = m[1]!;
    if (/^[a-z]+:/i.test(spec)) continue;
    out.push(spec.startsWith('/') ? spec.slice(1) : posix.join(posix.dirname(from), spec));
  }
  return out;
}

/** The entry scripts and modulepreloads of index.html. */
export function entryScripts(html: string): string[] {
  const out: string[] = [];
  const tag = /<(script|link)\b([^>]*)>/gi;
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    const attrs = m[2]!;
    const attr = (k: string) => new RegExp(`\\b${k}\\s*=\\s*["']([^"']*)["']`, 'i').exec(attrs)?.[1];
    const src = m[1]!.toLowerCase() === 'script' ? (attr('type') === 'module' ? attr('src') : undefined) : attr('rel') === 'modulepreload' ? attr('href') : undefined;
    if (src !== undefined && !/^[a-z]+:/i.test(src)) out.push(src.replace(/^\.?\//, ''));
  }
  return out;
}

function closure(dist: string, roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const p = queue.shift()!;
    if (seen.has(p) || !existsSync(join(dist, p))) continue;
    seen.add(p);
    queue.push(...staticImports(readFileSync(join(dist, p), 'utf8'), p));
  }
  return [...seen].sort();
}

function gzipKb(dist: string, files: string[]): number {
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  return Number((bytes / 1000).toFixed(1));
}

export function bundleFigures(dist: string): { bundle_gzip_kb: number; bundle_files: number; worker_gzip_kb: number | null } {
  const initial = closure(dist, entryScripts(readFileSync(join(dist, 'index.html'), 'utf8')));
  const assets = existsSync(join(dist, 'assets')) ? readdirSync(join(dist, 'assets')) : [];
  const worker = assets.find((f) => /^engine\.worker.*\.js$/.test(f)) ?? assets.find((f) => /worker.*\.js$/.test(f) && !/lock/i.test(f));
  return {
    bundle_gzip_kb: gzipKb(dist, initial),
    bundle_files: initial.length,
    worker_gzip_kb: worker === undefined ? null : gzipKb(dist, closure(dist, [`assets/${worker}`])),
  };
}
