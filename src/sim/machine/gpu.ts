// The simulated GPU of a machine with VRAM: an NVIDIA G96 (NV96, Tesla) like the GeForce 9600M GT
// of the nouveau suspend thread, at PCI 0000:01:00.0. VRAM is held in simulated frames (its own
// copy-on-write memory, so checkpoints, seeking and the byte views work on it); its bytes' write
// records use the provenance addresses VRAM_PROV_BASE + offset. BAR1, the CPU-visible aperture,
// is a window on the first barMiB of VRAM in this model (the real NV50 maps buffers into BAR1
// through its own page tables; a buffer the window does not reach cannot be ioremapped).
// The M2MF copy engine runs one channel's commands in order at a modeled bandwidth: copies, the
// semaphore release that writes a fence's sequence number into VRAM, and the non-stall interrupt
// (NV84_SUBCHAN_UEVENT) that the driver's handler may be listening for. In S3 the GPU loses power:
// VRAM comes back as a deterministic garbage pattern (a function of the offset only, so every
// resume garbles the screen the same way, as the thread's photos show).
import { eventKind } from '../engine/events.ts';
import { CowMemory, PAGE_SIZE, type CowSnapshot } from '../engine/cow.ts';
import type { Hasher } from '../engine/hash.ts';
import { clonePlain } from '../engine/clone.ts';
import type { HwDevice, Kernel } from './kernel.ts';

/** Write-log addresses of VRAM bytes: VRAM_PROV_BASE + VRAM offset (beyond any RAM). */
export const VRAM_PROV_BASE = 2 ** 44;
export const GPU_PCI_NAME = '0000:01:00.0';

/** M2MF throughput on G96 (bytes per ns), and the time to fetch and start a command batch. */
const M2MF_BYTES_PER_NS = 1.6;
const M2MF_LATENCY_NS = 700;

/** One page of a copy: in VRAM (offset) or system memory (physical address). */
export interface GpuLoc {
  vram: boolean;
  addr: number;
}

export type M2mfOp = { op: 'copy'; src: GpuLoc[]; dst: GpuLoc[] } | { op: 'semaphore'; addr: number; value: number } | { op: 'nonstall' };

export interface GpuJob {
  id: number;
  chan: number;
  ops: M2mfOp[];
  submitted: number;
  end: number;
}

export interface GpuHwState {
  queue: GpuJob[];
  busyUntil: number;
  power: 'D0' | 'D3hot';
  /** Set when the GPU went to D3 for a system sleep: VRAM is lost when it powers up. */
  lostOnResume: boolean;
  jobs: number;
  resumes: number;
}

export interface GpuSnapshot {
  state: GpuHwState;
  vram: CowSnapshot;
}

export const EV_GPU_SUBMIT = eventKind('gpu.m2mf_submit');
export const EV_GPU_COPY = eventKind('gpu.m2mf_copy');
export const EV_GPU_SEMAPHORE = eventKind('gpu.semaphore_release');
export const EV_GPU_NONSTALL = eventKind('gpu.nonstall_intr');
export const EV_GPU_VRAM_LOST = eventKind('gpu.vram_lost');
export const EV_GPU_POWER = eventKind('gpu.power');

/** The word a VRAM cell holds after power-up: decayed rows of DRAM, a function of the offset. */
export function vramGarbageWord(off: number): number {
  const row = Math.floor(off / 2048);
  let h = Math.imul(row ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h ^ ((off >>> 6) & 0x1f), 0xc2b2ae35);
  // stripes: every other 64-byte burst keeps a fixed pattern, the rest decays to noise
  return ((off >>> 6) & 1) === 0 ? 0xff00ff00 ^ (row & 0xff) : (h ^ (h >>> 16)) >>> 0;
}

export class GpuHw implements HwDevice {
  readonly vram: CowMemory;
  readonly vramBytes: number;
  readonly barBytes: number;
  state: GpuHwState = { queue: [], busyUntil: 0, power: 'D0', lostOnResume: false, jobs: 0, resumes: 0 };
  /** The non-stall interrupt's handler (nvkm's fifo uevent): set by the driver, never state. */
  nonstall: ((chan: number) => void) | null = null;

  constructor(
    private readonly k: Kernel,
    vramMiB: number,
    barMiB: number,
  ) {
    this.vramBytes = vramMiB * 1024 * 1024;
    this.barBytes = barMiB * 1024 * 1024;
    this.vram = new CowMemory(this.vramBytes / PAGE_SIZE, 0);
    k.registerHw(this);
  }

  // ---------------------------------------------------------------- VRAM

  pageRO(off: number): Uint8Array | null {
    return this.vram.frameRO(Math.floor(off / PAGE_SIZE));
  }

  writePage(off: number, data: Uint8Array | null, writer: string): void {
    if (data) this.vram.write(off, data);
    else this.vram.fill(off, PAGE_SIZE, 0);
    this.k.rec.wrote(VRAM_PROV_BASE + off, PAGE_SIZE, writer);
  }

  write(off: number, bytes: Uint8Array, writer: string): void {
    this.vram.write(off, bytes);
    this.k.rec.wrote(VRAM_PROV_BASE + off, bytes.length, writer);
  }

  readU32(off: number): number {
    const [lo, hi] = this.vram.readU64(off - (off % 8));
    return (off % 8 === 0 ? lo : hi) >>> 0;
  }

  writeU32(off: number, v: number, writer: string): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.write(off, b, writer);
  }

  // ---------------------------------------------------------------- M2MF

  /** A channel's pushbuffer kicked (FIRE_RING): the ops run after what is queued, at the engine's speed. */
  submit(chan: number, ops: M2mfOp[]): GpuJob {
    const k = this.k;
    let bytes = 0;
    for (const o of ops) if (o.op === 'copy') bytes += o.src.length * PAGE_SIZE;
    const start = Math.max(k.clock.ns, this.state.busyUntil) + M2MF_LATENCY_NS;
    const end = start + Math.ceil(bytes / M2MF_BYTES_PER_NS);
    const id = this.state.jobs++;
    k.rec.emit(EV_GPU_SUBMIT, id, chan, { chan, bytes, end });
    const job: GpuJob = { id, chan, ops, submitted: k.clock.ns, end };
    this.state.queue.push(job);
    this.state.busyUntil = end;
    return job;
  }

  nextEventAt(): number {
    if (this.state.power !== 'D0') return Infinity;
    return this.state.queue[0]?.end ?? Infinity;
  }

  runUntilNow(): void {
    const k = this.k;
    while (this.state.power === 'D0' && this.state.queue.length > 0 && this.state.queue[0]!.end <= k.clock.ns) {
      const job = this.state.queue.shift()!;
      for (const o of job.ops) this.execute(job, o);
    }
  }

  private execute(job: GpuJob, o: M2mfOp): void {
    const k = this.k;
    const writer = `M2MF copy (channel ${job.chan})`;
    if (o.op === 'copy') {
      k.rec.emit(EV_GPU_COPY, job.id, o.src.length, { chan: job.chan, pages: o.src.length, done_ns: job.end });
      for (let i = 0; i < o.src.length; i++) {
        const s = o.src[i]!;
        const d = o.dst[i]!;
        const src = s.vram ? this.pageRO(s.addr) : k.mem.frameRO(Math.floor(s.addr / PAGE_SIZE));
        if (d.vram) this.writePage(d.addr, src, writer);
        else if (src) k.memWrite(d.addr, src, writer);
        else k.memFill(d.addr, PAGE_SIZE, 0, writer);
      }
      return;
    }
    if (o.op === 'semaphore') {
      k.rec.emit(EV_GPU_SEMAPHORE, job.id, o.value, { chan: job.chan, addr: o.addr, value: o.value, done_ns: job.end });
      this.writeU32(o.addr, o.value, `semaphore release (channel ${job.chan})`);
      return;
    }
    k.rec.emit(EV_GPU_NONSTALL, job.id, job.chan, { chan: job.chan });
    this.nonstall?.(job.chan);
  }

  // ---------------------------------------------------------------- power

  /** pci_set_power_state(D3hot) before a system sleep: the GPU stops, and S3 will cut its power. */
  powerDown(): void {
    this.k.rec.emit(EV_GPU_POWER, 3, 0, { state: 'D3hot' });
    this.state.power = 'D3hot';
    this.state.lostOnResume = true;
  }

  /** pci_set_power_state(D0) after resume: VRAM lost its contents (power-on garbage), queued work is gone. */
  powerUp(): void {
    const k = this.k;
    k.rec.emit(EV_GPU_POWER, 0, 0, { state: 'D0' });
    this.state.power = 'D0';
    if (!this.state.lostOnResume) return;
    const pfns = this.vram.materializedPfns();
    k.rec.emit(EV_GPU_VRAM_LOST, pfns.length, this.state.resumes, { frames: pfns.length });
    const page = new Uint8Array(PAGE_SIZE);
    const dv = new DataView(page.buffer);
    for (const pfn of pfns) {
      for (let w = 0; w < PAGE_SIZE; w += 4) dv.setUint32(w, vramGarbageWord(pfn * PAGE_SIZE + w), true);
      this.writePage(pfn * PAGE_SIZE, page, 'VRAM lost in S3 (power-on garbage)');
    }
    this.state.queue = [];
    this.state.busyUntil = k.clock.ns;
    this.state.lostOnResume = false;
    this.state.resumes++;
  }

  snapshot(): GpuSnapshot {
    return { state: clonePlain(this.state), vram: this.vram.snapshot() };
  }

  restore(s: GpuSnapshot): void {
    this.state = clonePlain(s.state);
    this.vram.restore(s.vram);
  }

  hashInto(h: Hasher): void {
    h.value(this.state);
    this.vram.hashInto(h);
  }
}
