// Stepping between the moments that matter: the previous/next finding's evidence (n/N), the
// previous/next write to the byte picked in the hex view (w/W), and over a whole scenario step (s/S).
import { useController, useRun } from '../context.ts';
import { stepFinding, stepScenario, stepWrite } from '../evidence.ts';

export function EvidenceNav() {
  const c = useController();
  const ready = useRun((r) => r.info !== null);
  const findings = useRun((r) => r.info?.findings.length ?? 0);
  const picked = useRun((r) => r.panels.hex.pinned !== null && r.panels.hex.answer !== null);
  return (
    <span className="evidence-nav" role="group" aria-label="Step to">
      <span className="muted">finding</span>
      <button type="button" aria-label="Previous finding" title="Previous finding's evidence (Shift+N)" disabled={!ready || findings === 0} onClick={() => void stepFinding(c, -1)}>
        ‹
      </button>
      <button type="button" aria-label="Next finding" title="Next finding's evidence, before the report's fix-ups (N)" disabled={!ready || findings === 0} onClick={() => void stepFinding(c, 1)}>
        ›
      </button>
      <span className="muted">write</span>
      <button type="button" aria-label="Previous write to the byte" title="Previous write to the byte picked in the memory view (Shift+W)" disabled={!ready || !picked} onClick={() => void stepWrite(c, -1)}>
        ‹
      </button>
      <button type="button" aria-label="Next write to the byte" title="Next write to the byte picked in the memory view (W)" disabled={!ready || !picked} onClick={() => void stepWrite(c, 1)}>
        ›
      </button>
      <span className="muted">step</span>
      <button type="button" aria-label="Back over a scenario step" title="Back to the start of the scenario step (Shift+S)" disabled={!ready} onClick={() => void stepScenario(c, -1)}>
        ‹
      </button>
      <button type="button" aria-label="Over a scenario step" title="To the end of the scenario step (S)" disabled={!ready} onClick={() => void stepScenario(c, 1)}>
        ›
      </button>
    </span>
  );
}
