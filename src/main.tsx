// Boots the app: the engine worker, the store, the page URL.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BUNDLED } from './ui/bundled.ts';
import { browserHost } from './ui/browserHost.ts';
import { App } from './ui/components/App.tsx';
import { ControllerContext } from './ui/context.ts';
import { Controller } from './ui/controller/controller.ts';
import { createWorkerEngine } from './ui/engine.ts';
import { browserPersist } from './ui/persist/browserPersist.ts';
import { createAppStore } from './ui/store.ts';
import './ui/styles.css';
import { applyTheme, browserThemeEnv, currentTheme } from './ui/theme.ts';
import { browserStorage, initialSizes } from './ui/panelSizes.ts';

// before the first paint, so the page does not flash the other theme
applyTheme(currentTheme(browserThemeEnv()));

const store = createAppStore();
store.setState({ sizes: initialSizes(location.search, location.hash, browserStorage()) });
const engine = createWorkerEngine((message) => controller.notices.notify({ level: 'error', title: 'Engine error', lines: [message, 'Reload the page to start a new engine.'] }));
const controller = new Controller(store, engine, BUNDLED, browserHost, browserPersist());

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
