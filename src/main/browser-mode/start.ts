// `npm run browser` entry (built as out/main/browser-mode.js). Never imports electron.
// It listens first and opens the data folder while the page loads (browser-mode.ts): with many
// credentials the open is most of the wait, and the page's own loading overlaps it.
import { defaultBrowserDataDir, portFromEnv } from './data-dir';
import { listenBrowserMode } from './browser-mode';
import { openFailed } from './handlers-after-open';

async function main(): Promise<void> {
  const dataDir = process.env.OAUTH_DESK_DATA_DIR || defaultBrowserDataDir();
  const mode = await listenBrowserMode({ dataDir, port: portFromEnv() });
  console.log(`OAuth Desk (browser mode) at ${mode.url}`);
  console.log(`Data folder: ${dataDir}`);
  console.log(
    'A development and test tool: it listens on 127.0.0.1 only and needs the token in that address. Ctrl+C stops it.',
  );
  mode.ready.then(
    (services) => {
      console.log('Data folder open.');
      for (const warning of services.warnings) console.warn(`Warning: ${warning}`);
    },
    // The page shows the same message on every call; it stays served so that it can.
    (error: unknown) => console.error(openFailed(dataDir, error).message),
  );

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    mode.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `OAuth Desk (browser mode) could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
