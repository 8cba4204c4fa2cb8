// lib/stackdepot.c reduced to what SLUB's tracks need.

/** One frame of a saved stack: a function, and its module when not built in. */
export interface Frame {
  name: string;
  module: string | null;
}

/**
 * lib/stackdepot.c reduced to what SLUB needs: one handle per distinct stack. Handles end up in
 * object memory, so they are numbered per machine in first-use order (replays repeat that order).
 */
export class StackDepot {
  private readonly stacks: Frame[][] = [];
  private readonly ids = new Map<string, number>();

  save(key: string, frames: Frame[]): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.stacks.length;
      this.stacks.push(frames);
      this.ids.set(key, id);
    }
    return 0x00a80000 + (id + 1) * 0x10;
  }

  fetch(handle: number): Frame[] | null {
    if (handle < 0x00a80010 || (handle - 0x00a80000) % 0x10 !== 0) return null;
    return this.stacks[(handle - 0x00a80000) / 0x10 - 1] ?? null;
  }
}
