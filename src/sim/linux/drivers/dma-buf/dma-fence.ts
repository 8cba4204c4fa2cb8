// struct dma_fence and its core, drivers/dma-buf/dma-fence.c 5.10: dma_fence_init(),
// dma_fence_signal(), dma_fence_is_signaled() (which asks the driver's ops->signaled()),
// dma_fence_enable_sw_signaling(), dma_fence_wait_timeout() and dma_fence_default_wait(), which
// arms the driver's interrupt with ops->enable_signaling() and sleeps until the fence is signaled
// (by whoever calls dma_fence_signal(): an interrupt handler) or the timeout runs out. Fences are
// plain data in a table the owning subsystem saves; the ops are registered by the drivers.
import { eventKind } from '../../../engine/events.ts';
import type { Kernel } from '../../../machine/kernel.ts';
import { scheduleTimeout } from '../../kernel/time/timer.ts';
import type { FuncGraph } from '../../kernel/trace/trace_functions_graph.ts';

export const DMA_FENCE_FLAG_SIGNALED_BIT = 1 << 0;
export const DMA_FENCE_FLAG_TIMESTAMP_BIT = 1 << 1;
export const DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT = 1 << 2;
/** DMA_FENCE_FLAG_USER_BITS: the first bit drivers may use (nouveau: "waiting for an interrupt"). */
export const DMA_FENCE_FLAG_USER_BITS = 1 << 3;

export const EV_FENCE_INIT = eventKind('dma_fence.init');
export const EV_FENCE_ENABLE_SIGNAL = eventKind('dma_fence.enable_signal');
export const EV_FENCE_SIGNALED = eventKind('dma_fence.signaled');
export const EV_FENCE_WAIT_START = eventKind('dma_fence.wait_start');
export const EV_FENCE_WAIT_END = eventKind('dma_fence.wait_end');

const EINVAL = 22;

/** struct dma_fence. */
export interface DmaFence {
  id: number;
  context: number;
  seqno: number;
  /** Name of the registered dma_fence_ops. */
  ops: string;
  flags: number;
  /** ns when it signaled. */
  timestamp: number;
  /** The driver's own: the channel that emits it (nouveau), or -1. */
  chan: number;
  /** Test fences only: when they signal by themselves (ns; Infinity = never). */
  signalAt: number;
}

/** struct dma_fence_ops (the parts the models use). */
export interface DmaFenceOps {
  getDriverName(f: DmaFence): string;
  getTimelineName(f: DmaFence): string;
  /** false: the fence is already signaled (the caller signals it). */
  enableSignaling?(f: DmaFence): boolean;
  /** Polls the hardware: true when the fence is done. */
  signaled?(f: DmaFence): boolean;
  /** ops->wait; dma_fence_default_wait() when absent. */
  wait?(f: DmaFence, intr: boolean, timeout: number): number;
}

export interface DmaFenceState {
  fences: DmaFence[];
  /** dma_fence_context_counter. */
  nextContext: number;
}

export function newDmaFenceState(): DmaFenceState {
  return { fences: [], nextContext: 1 };
}

export class DmaFences {
  state: DmaFenceState = newDmaFenceState();
  /** The drivers' dma_fence_ops by name: registered once, never state. */
  private readonly opsTable = new Map<string, DmaFenceOps>();

  constructor(
    private readonly k: Kernel,
    private readonly fg: FuncGraph,
  ) {}

  registerOps(name: string, ops: DmaFenceOps): void {
    this.opsTable.set(name, ops);
  }

  opsOf(f: DmaFence): DmaFenceOps {
    const o = this.opsTable.get(f.ops);
    if (!o) throw new Error(`dma_fence_ops "${f.ops}" not registered`);
    return o;
  }

  get(id: number): DmaFence {
    return this.state.fences[id]!;
  }

  // dma_fence_context_alloc()
  contextAlloc(num: number): number {
    const c = this.state.nextContext;
    this.state.nextContext += num;
    return c;
  }

  // dma_fence_init()
  init(ops: string, context: number, seqno: number, chan = -1, signalAt = Infinity): DmaFence {
    const id = this.state.fences.length;
    this.k.rec.emit(EV_FENCE_INIT, id, seqno, { ops, context, seqno });
    const f: DmaFence = { id, context, seqno, ops, flags: 0, timestamp: 0, chan, signalAt };
    this.state.fences.push(f);
    return f;
  }

  // dma_fence_signal(): -EINVAL when it already was
  signal(f: DmaFence): number {
    if ((f.flags & DMA_FENCE_FLAG_SIGNALED_BIT) !== 0) return -EINVAL;
    this.k.rec.emit(EV_FENCE_SIGNALED, f.id, f.seqno, { context: f.context, seqno: f.seqno });
    f.flags |= DMA_FENCE_FLAG_SIGNALED_BIT | DMA_FENCE_FLAG_TIMESTAMP_BIT;
    f.timestamp = this.k.clock.ns;
    return 0;
  }

  // dma_fence_is_signaled()
  isSignaled(f: DmaFence): boolean {
    if ((f.flags & DMA_FENCE_FLAG_SIGNALED_BIT) !== 0) return true;
    const ops = this.opsOf(f);
    if (ops.signaled?.(f)) {
      this.signal(f);
      return true;
    }
    return false;
  }

  // __dma_fence_enable_signaling() / dma_fence_enable_sw_signaling()
  enableSwSignaling(f: DmaFence): void {
    if ((f.flags & (DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT | DMA_FENCE_FLAG_SIGNALED_BIT)) !== 0) {
      f.flags |= DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT;
      return;
    }
    f.flags |= DMA_FENCE_FLAG_ENABLE_SIGNAL_BIT;
    const ops = this.opsOf(f);
    if (ops.enableSignaling) {
      this.k.rec.emit(EV_FENCE_ENABLE_SIGNAL, f.id, f.seqno);
      if (!ops.enableSignaling(f)) this.signal(f);
    }
  }

  // dma_fence_wait_timeout(): the remaining timeout, 0 on timeout, < 0 on error
  waitTimeout(f: DmaFence, intr: boolean, timeout: number): number {
    return this.fg.call('dma_fence_wait_timeout', () => {
      if (timeout < 0) return -EINVAL;
      this.k.rec.emit(EV_FENCE_WAIT_START, f.id, f.seqno);
      const ops = this.opsOf(f);
      const ret = ops.wait ? ops.wait(f, intr, timeout) : this.defaultWait(f, intr, timeout);
      this.k.rec.emit(EV_FENCE_WAIT_END, f.id, ret);
      return ret;
    });
  }

  // dma_fence_default_wait(): enable signaling, then sleep until signaled (the callback wakes us) or timeout
  defaultWait(f: DmaFence, intr: boolean, timeout: number): number {
    void intr; // no signals are delivered in the model: TASK_INTERRUPTIBLE sleeps like TASK_UNINTERRUPTIBLE
    return this.fg.call('dma_fence_default_wait', () => {
      let ret = timeout ? timeout : 1;
      if ((f.flags & DMA_FENCE_FLAG_SIGNALED_BIT) !== 0) return ret;
      this.enableSwSignaling(f);
      if ((f.flags & DMA_FENCE_FLAG_SIGNALED_BIT) !== 0) return ret;
      if (!timeout) return 0;
      // __set_current_state(TASK_UNINTERRUPTIBLE); schedule_timeout(ret): dma_fence_default_wait_cb wakes us
      ret = scheduleTimeout(this.k, ret, () => (f.flags & DMA_FENCE_FLAG_SIGNALED_BIT) !== 0);
      return ret;
    });
  }
}
