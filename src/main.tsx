// The app: the store, the engine (the worker boot.ts started), the page URL.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BUNDLED } from './ui/bundled.ts';
import { browserHost } from './ui/browserHost.ts';
import { App } from './ui/components/App.tsx';
import { ControllerContext } from './ui/context.ts';
import { Controller } from './ui/controller/controller.ts';
import type { EarlyWorker } from './ui/earlyEngine.ts';
import { connectWorker, type WorkerEngine } from './ui/engine.ts';
import { browserPersist } from './ui/persist/browserPersist.ts';
import type { RunCache } from './ui/persist/runCache.ts';
import { cachedEngine } from './ui/runCacheEngine.ts';
import { createAppStore } from './ui/store.ts';
import { watchedEngine } from './ui/watchdog.ts';
import './ui/styles.css';
import { browserStorage, initialSizes } from './ui/panelSizes.ts';

/** `kept`: the runs this browser keeps and the build that names them (none on the dev server). */
export function startApp(early: EarlyWorker | null, kept: { runs: RunCache; build: string } | null): void {
  const store = createAppStore();
  store.setState({ sizes: initialSizes(location.search, location.hash, browserStorage()) });
  // the worker boot.ts started serves the first connection; a restarted engine starts its own
  let first = early;
  const connect = (onCrash: (message: string) => void) => {
    const e = first;
    first = null;
    return connectWorker(onCrash, e);
  };
  const watched = watchedEngine(connect, (loss) => controller.engineLost(loss));
  const KEPT = 'Kept run';
  const engine =
    kept === null
      ? watched
      : cachedEngine(watched, kept.runs, kept.build, {
          replaying: (_info, done) => {
            controller.notices.notify({ level: 'info', title: KEPT, lines: ['Drawn from the copy of this run kept in this browser. The engine is recording it again: other moments show once it has.'] });
            void done.finally(() => controller.notices.dismiss(KEPT));
          },
        });
  const controller = new Controller(store, engine, BUNDLED, browserHost, browserPersist());
  // the page's crash and hang recovery is tested by arming a fault for the worker's next run (harmless: that run is lost, the engine restarts)
  Object.assign(window, {
    kernscopeEngineFault: (kind: Parameters<WorkerEngine['fault']>[0]) => watched.fault(kind),
    // the same for the import worker's watchdog: the fault plays after the first chunk of the next import
    kernscopeImportFault: (kind: 'hang' | 'crash') => controller.imports.fault(kind),
  });

  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ControllerContext value={controller}>
        <App />
      </ControllerContext>
    </StrictMode>,
  );

  void controller.start(location.search, location.hash);
  window.addEventListener('hashchange', () => void controller.address.follow(location.search, location.hash, false));
}
