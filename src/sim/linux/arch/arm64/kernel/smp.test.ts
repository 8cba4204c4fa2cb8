import { describe, expect, it } from 'vitest';
import { Session } from '../../../../scenario/session.ts';

describe('CPU hotplug on the arm64 machine (arch/arm64/kernel/smp.c 5.19)', () => {
  it('prints __cpu_die()\'s shutdown and PSCI\'s kill, and the secondary\'s boot lines when it comes back', () => {
    const r = Session.open(JSON.stringify({ format: 'kernscope/1', name: 'hp', config: { machine: { arch: 'arm64', cpus: 6 } }, steps: [{ op: 'cpu_down', cpu: 4 }, { op: 'cpu_up', cpu: 4 }] }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const dmesg = r.session.report().dmesg.split('\n').map((l) => l.replace(/^\[[ 0-9.]+\] /, ''));
    const i = dmesg.indexOf('CPU4: shutdown');
    expect(dmesg.slice(i, i + 4)).toEqual(['CPU4: shutdown', 'psci: CPU4 killed (polled 0 ms)', 'Detected PIPT I-cache on CPU4', 'CPU4: Booted secondary processor 0x0000000100 [0x410fd082]']);
    expect(dmesg.some((l) => l.includes('smpboot:') || l.includes('APIC'))).toBe(false);
  });
});
