// Every grant's engine module, keyed by the grant names of src/shared/grant-types.ts: a grant
// listed there without a module here (or the reverse) does not compile.
import type { GrantType } from '../../../shared/credential';
import { authorizationCode } from './authorization-code';
import { clientCredentials } from './client-credentials';
import { deviceCode } from './device-code';
import type { GrantModule } from './grant-module';
import { implicit } from './implicit';
import { jwtBearer } from './jwt-bearer';
import { password } from './password';
import { tokenExchange } from './token-exchange';

const GRANT_MODULES = {
  client_credentials: clientCredentials,
  authorization_code: authorizationCode,
  password,
  implicit,
  device_code: deviceCode,
  jwt_bearer: jwtBearer,
  token_exchange: tokenExchange,
} as const satisfies Record<GrantType, GrantModule>;

export function grantModule(grant: GrantType): GrantModule {
  return GRANT_MODULES[grant];
}
