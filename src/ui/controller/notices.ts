// Messages about what went wrong (or was done) and where; one per title, each dismissable.
import type { AppStore, Notice } from '../store.ts';

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class Notices {
  constructor(private readonly store: AppStore) {}

  notify(n: Notice): void {
    const rest = this.store.getState().notices.filter((x) => x.title !== n.title);
    this.store.setState({ notices: [...rest, n] });
  }

  dismiss(title: string): void {
    const notices = this.store.getState().notices;
    if (notices.some((n) => n.title === title)) this.store.setState({ notices: notices.filter((n) => n.title !== title) });
  }

  engineError(e: unknown): void {
    this.notify({ level: 'error', title: 'Engine error', lines: [errorText(e)] });
  }
}
