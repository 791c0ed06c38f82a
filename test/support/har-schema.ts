// Validates a HAR file against the HAR 1.2 JSON schema published as `har-schema` (the schema
// har-validator uses), with Ajv. Returns readable errors, empty when the file is valid.
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

export function validateHar(har: unknown): string[] {
  const schemas = require('har-schema') as Record<string, Record<string, unknown>>;
  // har-schema uses keywords outside JSON Schema ("optional", "unique", "min"): not strict.
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>);
  addFormats(ajv);
  for (const [name, schema] of Object.entries(schemas)) if (name !== 'har') ajv.addSchema(schema);
  const validate = ajv.compile(schemas.har!);
  if (validate(har)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`,
  );
}
