// Which environment (and account) of its credential a tester request uses, and where its `{{name}}` values come
// from, decided once per request: the environment the request names, else the app's active one.
// The token and the variables both come from it, so a switch of the active environment while a
// request waits cannot mix QA's variables with Production's token. Environment variables come
// before the token response's provider fields: the user set them for this environment on purpose
// (request-variables.ts takes the first source that has a name).
import { environmentsOf, targetId } from '../../shared/environment';
import { accountTargetId, callerTarget } from '../../shared/accounts';
import { AppError } from '../../shared/errors';
import type { RequestSpec } from '../../shared/requests';
import type { VariableSource } from '../../shared/request-variables';
import type { RevealedToken } from '../../shared/status';
import type { OAuthEngine } from '../oauth/ports';
import { resolveSpecVariables, specVariableNames } from './request-build';

/** Without a credential there is no environment: variables belong to a credential's environment. */
export const NO_CREDENTIAL_VARIABLES_HINT =
  "No variables are known for this request: {{name}} values come from the chosen credential's environment (its variables) and from its token response. Choose the credential whose environment defines the name.";

export interface VariablePlan {
  /** The engine id of the token (`<credential>~<environment id>` once known), or null for none. */
  tokenId: string | null;
  /** True when every name is known without the token (or none is used): check before sending. */
  knownUpFront: boolean;
  /** The spec with its variables filled; `token` adds its provider fields. */
  resolve(token: RevealedToken | null): RequestSpec;
}

/**
 * The plan of one request. The environment is looked up only when the request names one or uses
 * a variable; otherwise the engine follows the active environment on its own (the hot path, which
 * answers at once rather than through a promise: an API call awaits nothing it need not). An
 * environment the credential does not have is a not_found error naming the ones it has
 * (environment-targets.ts).
 */
export function planVariables(
  get: OAuthEngine['get'] | undefined,
  spec: RequestSpec,
): VariablePlan | Promise<VariablePlan> {
  const { credentialId, environment, account } = spec;
  if (environment && !credentialId) {
    throw new AppError({
      code: 'validation',
      message: `The environment "${environment.slice(0, 60)}" belongs to a credential: choose the credential, or leave the environment unset.`,
      fields: { environment: 'needs a credential' },
    });
  }
  const names = specVariableNames(spec);
  if (account && !credentialId) {
    throw new AppError({
      code: 'validation',
      message: `The account "${account.slice(0, 60)}" belongs to a credential: choose the credential, or leave the account unset.`,
      fields: { account: 'needs a credential' },
    });
  }
  const named = credentialId ? callerTarget(credentialId, environment, account) : credentialId;
  if (!credentialId || !get || (!environment && !account && names.length === 0)) {
    return {
      tokenId: named,
      knownUpFront: !credentialId || names.length === 0,
      // Without a `{{name}}` anywhere there is nothing to fill: the spec as sent, not a copy of it.
      resolve: (token) =>
        names.length === 0
          ? spec
          : resolveSpecVariables(spec, providerFields(token), NO_CREDENTIAL_VARIABLES_HINT),
    };
  }
  return planFromEnvironment(get, named!, credentialId, spec, names);
}

/** The plan when the environment must be read: its variables, and the account the token is of. */
async function planFromEnvironment(
  get: NonNullable<OAuthEngine['get']>,
  named: string,
  credentialId: string,
  spec: RequestSpec,
  names: string[],
): Promise<VariablePlan> {
  const summary = await get(named);
  const envs = environmentsOf(summary.config);
  const env = envs.find((candidate) => candidate.id === summary.environment?.id) ?? envs[0]!;
  const where = `environment "${env.name}" of "${summary.config.name}"`;
  const source: VariableSource = {
    label: `from the ${where}`,
    values: Object.fromEntries(env.variables.map((v) => [v.name, v.value])),
  };
  return {
    // The account the summary is of: the one named, else the environment's default.
    tokenId: summary.account
      ? accountTargetId(credentialId, env.id, summary.account.id)
      : targetId(credentialId, env.id),
    knownUpFront: names.every((name) => Object.hasOwn(source.values, name)),
    resolve: (token) =>
      resolveSpecVariables(
        spec,
        [source, ...providerFields(token)],
        `No variables are known for this request: the ${where} defines none, and its token response has no provider fields. Add the variable to the environment.`,
      ),
  };
}

/** The credential's kept provider fields (shared/provider-fields.ts), as a source. */
function providerFields(token: RevealedToken | null): VariableSource[] {
  return token?.providerFields
    ? [{ label: "from the credential's token response", values: token.providerFields }]
    : [];
}
