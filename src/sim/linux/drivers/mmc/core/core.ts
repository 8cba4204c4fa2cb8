// SD card detection: mmc_rescan() -> mmc_attach_sd() -> mmc_add_card(), mmc_remove_card()
// of drivers/mmc/core 2.6.25, running from the kmmcd workqueue.
import { KERN_ERR, KERN_INFO } from '../../../../engine/recorder.ts';
import type { Deps } from '../../../../machine/modules.ts';
import { TaskDied } from '../../../arch/x86/kernel/dumpstack.ts';
import { flushWorkqueue } from '../../../kernel/workqueue.ts';

/** Cards the slot physically holds, whether registered or not (what a rescan finds). */
function cardsInSlot(sys: Deps<'traps' | 'devices'>, host: string): string[] {
  return sys.devices.slot.filter((c) => c.startsWith(`${host}:`));
}

// mmc_remove_card(), drivers/mmc/core/bus.c 2.6.25 (the card stays in the slot)
export function mmcRemoveCard(sys: Deps<'traps' | 'devices'>, card: string): void {
  const k = sys.k;
  const rca = card.split(':')[1] ?? '0000';
  k.printk(KERN_INFO, `${card.split(':')[0]}: card ${rca} removed`);
  k.printk(KERN_INFO, 'MMC: killing requests for dead queue');
  sys.devices.deviceDel(card);
}

// mmc_suspend_host(), drivers/mmc/core/core.c 2.6.25: mmc_flush_scheduled_work() waits for kmmcd, then
// the SD card is removed (SD has no resume bus op without CONFIG_MMC_UNSAFE_RESUME)
export function mmcSuspendHost(sys: Deps<'traps' | 'devices'>, host: string): void {
  sys.traps.call({ fn: 'mmc_suspend_host', module: 'mmc_core' }, () => {
    sys.traps.call({ fn: 'mmc_flush_scheduled_work', module: 'mmc_core', off: 0x11 }, () => flushWorkqueue(sys.k, sys.traps, 'kmmcd', sys.devices.stuckWork.get('kmmcd'), (why) => sys.devices.blockCurrentTask(why)));
  });
  for (const card of sys.devices.cardsOf(host)) mmcRemoveCard(sys, card);
}

// mmc_rescan(), drivers/mmc/core/core.c 2.6.25, run by kmmcd. An oops in it kills kmmcd in the middle of
// run_workqueue(): this work never completes and nothing queued on kmmcd after it ever runs.
export function mmcRescan(sys: Deps<'traps' | 'devices'>, host: string): void {
  const k = sys.k;
  const ctx = k.rec.ctx;
  if (sys.devices.stuckWork.has('kmmcd')) return;
  const saved = ctx.task;
  ctx.task = 'kmmcd';
  try {
    sys.traps.asTask([{ fn: 'child_rip' }, { fn: 'kthread' }, { fn: 'worker_thread', off: 0xa7 }, { fn: 'run_workqueue', off: 0xf6 }, { fn: 'mmc_rescan', module: 'mmc_core', off: 0x171 }], () => {
      for (const card of cardsInSlot(sys, host)) {
        if (sys.devices.find(card)) continue;
        const rca = card.split(':')[1] ?? '0000';
        // mmc_attach_sd() -> mmc_add_card()
        sys.traps.call([{ fn: 'mmc_attach_sd', module: 'mmc_core', off: 0x17f }, { fn: 'mmc_add_card', module: 'mmc_core', off: 0xa2 }], () => {
          k.printk(KERN_INFO, `${host}: new SD card at address ${rca}`);
          const err = sys.devices.deviceAdd(card, host, 'mmc', 'mmc_card');
          if (err) k.printk(KERN_ERR, `${host}: error ${err} whilst initialising SD card`);
        });
      }
    });
  } catch (e) {
    if (!(e instanceof TaskDied)) throw e;
    sys.devices.stuckWork.set('kmmcd', 'mmc_rescan');
  } finally {
    ctx.task = saved;
  }
}
