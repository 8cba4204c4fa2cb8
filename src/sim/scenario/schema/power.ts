// Power management and device ops (docs/scenario-format.md, "CPUs, modules, power management").
import { z } from 'zod';
import { op } from './common.ts';

const devName = z.string({ error: 'expected a device name (bus_id) like "mmc0:5a61"' }).regex(/^[A-Za-z0-9_.:-]{1,40}$/, { error: 'expected a device name (bus_id) like "mmc0:5a61"' });

export const POWER_OPS = {
  suspend: op('suspend', { to: z.literal('mem', { error: 'expected "mem" (suspend to RAM, S3)' }) }),
  device_add: op('device_add', { name: devName, parent: devName.optional(), bus: z.string({ error: 'expected a bus name like "mmc"' }).regex(/^[a-z0-9_]{1,20}$/, { error: 'expected a bus name like "mmc"' }).optional() }),
  device_del: op('device_del', { name: devName }),
} as const;
