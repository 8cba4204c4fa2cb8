// Interning of names to small ids, one table per run: ids follow first use, so two runs of one
// scenario give the same ids whatever ran before them in the same process.
export class Interner {
  private readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  constructor(initial: readonly string[] = []) {
    for (const n of initial) this.id(n);
  }

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  /** The id of a name already interned, or -1. */
  peek(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  name(id: number): string | undefined {
    return this.names[id];
  }

  get size(): number {
    return this.names.length;
  }
}
