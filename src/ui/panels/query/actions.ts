// What the query page's controls do.
import type { Controller } from '../../controller/controller.ts';
import type { QueryProgress } from '../../../worker/protocol.ts';

/** Runs `sql` over the run shown; the answer (or SQLite's error) lands in the panel's slice. */
export async function runQuery(c: Controller, sql: string, limit: number, onProgress?: (p: QueryProgress) => void): Promise<void> {
  const run = c.run().id;
  const asked = c.query(sql, { limit }, onProgress);
  if (!asked) return;
  try {
    const answer = await asked;
    // another run opened meanwhile: this answer is not about it
    if (c.run().id === run) c.patchPanel('query', { result: { sql, answer } });
  } catch (e) {
    c.notices.engineError(e);
  }
}
