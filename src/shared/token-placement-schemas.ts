// Validation of the token placement fields a credential stores (see token-placement.ts for the
// decision itself), apart so that reading the placement does not load zod.
import { z } from 'zod';
import { HEADER_NAME, RESERVED_HEADERS } from './token-placement';

export const tokenHeaderNameSchema = z
  .string()
  .trim()
  .max(128)
  .refine(
    (value) => value === '' || HEADER_NAME.test(value),
    'Token header name must be one word such as Authorization or X-Api-Token, with no spaces or separators',
  )
  .refine(
    (value) => !RESERVED_HEADERS.has(value.toLowerCase()),
    'Token header name cannot be a header that describes the body or connection (Content-Type, Host, Cookie...): choose another',
  );

export const tokenQueryParamSchema = z
  .string()
  .trim()
  .max(128)
  .refine(
    (value) => !/[\s&=#?]/.test(value),
    'Token query parameter must be a single name such as access_token, with no spaces, &, =, # or ?',
  );
