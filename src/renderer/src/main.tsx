// Renderer entry. In Electron the preload has put `window.api` in place; in a plain browser
// (browser mode) the bridge to the local server provides the same API.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles/app.css';

async function start(): Promise<void> {
  if (!window.api) {
    const { createBrowserBridgeApi } = await import('./api/browser-bridge');
    window.api = await createBrowserBridgeApi();
  }
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
