// Test helpers: a controller over the fake engine (or a real one) with a host that records URLs.
import type { BundledScenario } from './bundledList.ts';
import { Controller, type Host } from './controller/controller.ts';
import type { Engine } from './engine.ts';
import { FakeEngine } from './fakeEngine.ts';
import { createAppStore } from './store.ts';

/** Lets answers arrive and what they make the panels ask next, a few rounds. */
export async function settle(c: Controller): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await c.settled();
    await new Promise((r) => setTimeout(r, 0));
  }
}

export function controllerOn(engine: Engine, bundled: readonly BundledScenario[] = []) {
  const urls: string[] = [];
  const host: Host = { shareBase: () => 'http://127.0.0.1:4173/', replaceUrl: (u) => urls.push(u), copy: async () => false };
  const store = createAppStore();
  const c = new Controller(store, engine, bundled, host);
  return { c, store, urls };
}

export function fakeSetup(bundled: readonly BundledScenario[] = []) {
  const fake = new FakeEngine();
  return { fake, ...controllerOn(fake.engine, bundled) };
}
