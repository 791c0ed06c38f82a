// Renderer entry. In Electron the preload has put `window.api` in place; in a plain browser
// (browser mode) the bridge to the local server provides the same API.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { apiSource, PRELOAD_MISSING_MESSAGE } from './api/api-source';
import './styles/app.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const source = apiSource(Boolean(window.api), location.protocol);
  if (source === 'preload-missing') {
    root.render(<p role="alert">{PRELOAD_MISSING_MESSAGE}</p>);
    return;
  }
  if (source === 'bridge') {
    const { createBrowserBridgeApi } = await import('./api/browser-bridge');
    window.api = await createBrowserBridgeApi();
  }
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
