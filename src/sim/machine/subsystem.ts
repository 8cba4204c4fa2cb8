// What every machine module may offer the machine and its views: its own state (snapshot, restore,
// hash), its counters, and what it knows about a physical address.
import type { Hasher } from '../engine/hash.ts';

/** A byte range a module names inside what it owns (an object's red zone, a buffer's pages...). */
export interface PhysRegion {
  name: string;
  /** Physical addresses, [start, end). */
  start: number;
  end: number;
}

/** A module's answer to "what is this physical address?". */
export interface PhysInfo {
  /** What holds the address: a slab cache's name, a buffer object's name... */
  owner: string;
  /** The object the address falls in, when the module keeps objects. */
  object: { name: string; phys: number; allocated: boolean; objectSize: number; size: number } | null;
  regions: PhysRegion[];
}

export interface Subsystem<S> {
  /** The name its state is hashed under. */
  readonly name: string;
  snapshot(): S;
  restore(s: S): void;
  hashInto(h: Hasher): void;
  /** Counters of the report (`counters.<name>`). */
  counters?(): Readonly<Record<string, number>>;
  describe?(phys: number): PhysInfo | null;
  /**
   * True while the subsystem holds no state at all (a GPU stack on a machine without a GPU): it then
   * adds nothing to the state hash, so machines that never use it hash as they did before it existed.
   */
  unused?(): boolean;
}

/** Any module instance: stateful ones implement Subsystem, others (traps) only the optional parts. */
export interface MachineModule {
  snapshot?(): unknown;
  restore?(s: unknown): void;
  hashInto?(h: Hasher): void;
  readonly name?: string;
  counters?(): Readonly<Record<string, number>>;
  describe?(phys: number): PhysInfo | null;
  unused?(): boolean;
}
