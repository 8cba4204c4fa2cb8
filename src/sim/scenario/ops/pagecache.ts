// read_file / drop_caches: a program reading a file through the page cache, and
// `echo 1 > /proc/sys/vm/drop_caches`.
import { PAGE_SIZE } from '../../linux/include/linux/mm_types.ts';
import { PageCacheInputError } from '../../linux/mm/filemap.ts';
import { ScenarioRuntimeError } from '../binding.ts';
import type { OpsOf } from '../../machine/modules.ts';
import type { PAGECACHE_OPS } from '../schema/pagecache.ts';

function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** A line as a UTF-8 terminal shows it: ASCII as is, a byte that is not valid UTF-8 as U+FFFD. */
export function terminalLine(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x === 0x09 || (x >= 0x20 && x < 0x7f) ? String.fromCharCode(x) : '\ufffd';
  return s;
}

const hex2 = (v: number): string => `0x${v.toString(16).padStart(2, '0')}`;

export const pageCacheOps: OpsOf<typeof PAGECACHE_OPS> = {
  read_file(r, step, path) {
    const k = r.kernel;
    if (step.task === undefined) r.rec.ctx.task = 'cat';
    const task = r.rec.ctx.task;
    let res;
    try {
      res = r.machine.pagecache.read(step.path, step.text === undefined ? null : bytesOf(step.text));
    } catch (e) {
      if (e instanceof PageCacheInputError) throw new ScenarioRuntimeError(`${path}.${e.field}`, e.message);
      throw e;
    }
    // the reader sees the changed lines; kernscope knows which byte, and who stored it
    const lines = new Set<number>();
    for (const c of res.changed) {
      const p = k.rec.replaying ? undefined : k.rec.provenance(c.phys, 1, k.rec.current)[0];
      k.rec.finding('mm.page_cache_corruption', `${task}: ${step.path} byte ${c.offset} (line ${c.line}) reads ${hex2(c.found)}, the file on disk has ${hex2(c.expected)}`, {
        task,
        path: step.path,
        offset: c.offset,
        line: c.line,
        found: hex2(c.found),
        expected: hex2(c.expected),
        phys: `0x${c.phys.toString(16)}`,
        frame: `0x${Math.floor(c.phys / PAGE_SIZE).toString(16)}`,
        addr: k.va(c.phys),
        writer: p?.writer ?? '',
      });
      lines.add(c.line);
    }
    // what `grep -n` of the changed lines prints
    let line = 1;
    let start = 0;
    for (let o = 0; o <= res.bytes.length; o++) {
      if (o < res.bytes.length && res.bytes[o] !== 0x0a) continue;
      if (lines.has(line)) r.rec.stdout(task, `${step.path}:${line}:${terminalLine(res.bytes.subarray(start, o))}`);
      line++;
      start = o + 1;
    }
    if (step.as !== undefined) {
      const off = step.offset ?? 0;
      const phys = r.machine.pagecache.physOf(step.path, off);
      if (phys === null) throw new ScenarioRuntimeError(`${path}.offset`, `${step.path} has ${res.bytes.length} bytes: no byte ${off}`);
      r.ptrs.set(step.as, { phys, raw: null, kind: 'pages', order: 0 });
    }
  },
  drop_caches(r, step) {
    if (step.task === undefined) r.rec.ctx.task = 'bash';
    r.machine.pagecache.dropCaches(r.rec.ctx.task);
  },
};
