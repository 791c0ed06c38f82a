// Child process for the crash tests: opens the data folder and rewrites one credential's tokens
// and configuration in a tight loop, printing each step number once both writes returned
// (i.e. were committed). The parent SIGKILLs it at a random moment.
import { credentialFieldsSchema } from '../../../../src/shared/credential';
import { keyFileCipher, openDataStores } from '../../../../src/main/vault/open-data-stores';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: write-loop.ts <dataDir>');

const fields = credentialFieldsSchema.parse({
  name: 'Crash test',
  grantType: 'client_credentials',
  clientId: 'crash-client',
  tokenUrl: 'https://auth.example.com/token',
});

const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
if (stores.warnings.length > 0) {
  process.stderr.write(`warnings: ${stores.warnings.join(' | ')}\n`);
  process.exit(3);
}
// Continue from what the last run committed, so repeated kills test repeated recovery.
const previous = await stores.secrets.getTokens('c1');
let step = previous?.expiresAt ?? 0;
for (;;) {
  step += 1;
  // Tokens first, then the configuration: the tokens may be one step ahead, never behind.
  await stores.secrets.setTokens('c1', { accessToken: `at-${step}`, refreshToken: `rt-${step}`, expiresAt: step });
  await stores.configs.save({ ...fields, id: 'c1', name: `Crash test ${step}`, createdAt: 1, updatedAt: step });
  process.stdout.write(`${step}\n`);
}
