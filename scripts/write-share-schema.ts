// Writes the JSON Schema of OAuth Desk's share file from the zod schema the importer checks with.
// Run after changing the credential configuration: `npx tsx scripts/write-share-schema.ts`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHARE_VERSION, shareFileJsonSchema } from '../src/shared/share';

const SHARE_SCHEMA_PATH = fileURLToPath(new URL(`../schema/oauth-desk-credentials.v${SHARE_VERSION}.schema.json`, import.meta.url));

writeFileSync(SHARE_SCHEMA_PATH, `${JSON.stringify(shareFileJsonSchema(), null, 2)}\n`);
console.log(`Wrote ${SHARE_SCHEMA_PATH}`);
