// What the scenario tests share: a bundled scenario's session, or the input errors that stopped it.
import { Session } from '../src/sim/scenario/session.ts';

export function openScenario(text: string): Session {
  const r = Session.open(text);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.session;
}
