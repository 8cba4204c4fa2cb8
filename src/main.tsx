// Boots the app: the engine worker, the store, the page URL.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BUNDLED } from './ui/bundled.ts';
import { browserHost } from './ui/browserHost.ts';
import { App } from './ui/components/App.tsx';
import { ControllerContext } from './ui/context.ts';
import { Controller } from './ui/controller/controller.ts';
import { connectWorker, type WorkerEngine } from './ui/engine.ts';
import { browserPersist } from './ui/persist/browserPersist.ts';
import { createAppStore } from './ui/store.ts';
import { watchedEngine } from './ui/watchdog.ts';
import './ui/styles.css';
import { applyTheme, browserThemeEnv, currentTheme } from './ui/theme.ts';
import { browserStorage, initialSizes } from './ui/panelSizes.ts';

// before the first paint, so the page does not flash the other theme
applyTheme(currentTheme(browserThemeEnv()));

const store = createAppStore();
store.setState({ sizes: initialSizes(location.search, location.hash, browserStorage()) });
const engine = watchedEngine(connectWorker, (loss) => controller.engineLost(loss));
const controller = new Controller(store, engine, BUNDLED, browserHost, browserPersist());
// the page's crash and hang recovery is tested by arming a fault for the worker's next run (harmless: that run is lost, the engine restarts)
Object.assign(window, {
  kernscopeEngineFault: (kind: Parameters<WorkerEngine['fault']>[0]) => engine.fault(kind),
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
