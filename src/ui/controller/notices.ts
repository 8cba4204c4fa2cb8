// Messages about what went wrong (or was done) and where; one per title, each dismissable.
import type { AppStore, Notice } from '../store.ts';
import { isEngineLost } from '../watchdog.ts';

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Notices {
  constructor(private readonly store: AppStore) {}

  notify(n: Notice): void {
    const old = this.store.getState().notices;
    const replaced = old.find((x) => x.title === n.title);
    this.store.setState({ notices: [...old.filter((x) => x.title !== n.title), n] });
    if (replaced && replaced !== n) replaced.onDismiss?.();
  }

  dismiss(title: string): void {
    const notices = this.store.getState().notices;
    const gone = notices.find((n) => n.title === title);
    if (!gone) return;
    this.store.setState({ notices: notices.filter((n) => n.title !== title) });
    gone.onDismiss?.();
  }

  /** Presses the notice's button: its action runs, and the notice goes (answered, so not dismissed). */
  act(title: string): void {
    const notices = this.store.getState().notices;
    const n = notices.find((x) => x.title === title);
    if (!n?.action) return;
    this.store.setState({ notices: notices.filter((x) => x !== n) });
    n.action.run();
  }

  engineError(e: unknown): void {
    // said once, by the notice of the restart
    if (isEngineLost(e)) return;
    this.notify({ level: 'error', title: 'Engine error', lines: [errorText(e)] });
  }
}
