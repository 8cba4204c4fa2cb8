// Test helpers: a controller over the fake engine (or a real one) with a host that records URLs.
import type { BundledScenario } from './bundledList.ts';
import { Controller, type Host } from './controller/controller.ts';
import type { Engine } from './engine.ts';
import { FakeEngine } from './fakeEngine.ts';
import { memoryPersist, type Persist } from './persist/persist.ts';
import { createAppStore } from './store.ts';

/** Lets answers arrive and what they make the panels ask next, a few rounds. */
export async function settle(c: Controller): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await c.settled();
    await new Promise((r) => setTimeout(r, 0));
  }
}

export function controllerOn(engine: Engine, bundled: readonly BundledScenario[] = [], persist: Persist = memoryPersist()) {
  const urls: string[] = [];
  const host: Host = { shareBase: () => 'http://127.0.0.1:4173/', replaceUrl: (u) => urls.push(u), copy: async () => false };
  const store = createAppStore();
  const c = new Controller(store, engine, bundled, host, persist);
  return { c, store, urls };
}

/** `persist` shared by two setups is a reload: the second page finds what the first kept. */
export function fakeSetup(bundled: readonly BundledScenario[] = [], persist: Persist = memoryPersist()) {
  const fake = new FakeEngine();
  return { fake, persist, ...controllerOn(fake.engine, bundled, persist) };
}
