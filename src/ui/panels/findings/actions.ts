// What the findings list does: filter by kind, go to a finding.
import type { Finding } from '../../../worker/protocol.ts';
import type { Controller } from '../../controller/controller.ts';
import { landFinding } from '../../evidence.ts';
import { findingFocus } from '../../findingTarget.ts';
import { focusPatch } from '../hex/focus.ts';

export function setFindingKind(c: Controller, kind: string | null): void {
  if (c.panel('findings').kind !== kind) c.patchPanel('findings', { kind });
}

/**
 * Goes to just after the finding's event and shows the address it names, then lands on its
 * evidence: before the report's fix-ups when it restores the bytes, with the corrupted range selected.
 */
export function openFinding(c: Controller, f: Finding): Promise<void> {
  const info = c.run().info;
  if (!info) return Promise.resolve();
  const focus = findingFocus(f, c.panel('hex').len);
  c.apply({ cursor: Math.max(0, Math.min(info.total, f.event + 1)), panels: { hex: focus ? focusPatch(focus) : { auto: false } } });
  const n = info.findings.indexOf(f);
  return n < 0 ? Promise.resolve() : landFinding(c, n);
}
