// postman-collection ships its types without pointing to them from package.json.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient module declaration shipped without a types field
/// <reference path="../../../node_modules/postman-collection/types/index.d.ts" />

// @usebruno/lang ships no types; only the two parsers used here are declared.
declare module '@usebruno/lang' {
  /** A request or folder-less `.bru` file. */
  export function bruToJsonV2(text: string): Record<string, unknown>;
  /** `collection.bru` and `folder.bru`. */
  export function collectionBruToJson(text: string): Record<string, unknown>;
  /** `environments/<name>.bru`. */
  export function bruToEnvJsonV2(text: string): {
    variables?: Array<{ name?: string; value?: string; enabled?: boolean; secret?: boolean }>;
  };
}
