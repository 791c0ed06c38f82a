// `npm run browser` entry (built as out/main/browser-mode.js). Never imports electron.
import { defaultBrowserDataDir, portFromEnv } from './data-dir';
import { startBrowserMode } from './browser-mode';

async function main(): Promise<void> {
  const dataDir = process.env.OAUTH_DESK_DATA_DIR || defaultBrowserDataDir();
  const mode = await startBrowserMode({ dataDir, port: portFromEnv() });
  for (const warning of mode.services.warnings) console.warn(`Warning: ${warning}`);
  console.log(`OAuth Desk (browser mode) at ${mode.url}`);
  console.log(`Data folder: ${dataDir}`);
  console.log(
    'A development and test tool: it listens on 127.0.0.1 only and needs the token in that address. Ctrl+C stops it.',
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
