// RFC 8628: the device authorization grant. Ask for a user code, show it, poll the token endpoint
// at the server's interval until the user approves, declines or the code expires.
import * as oauth from 'oauth4webapi';
import type { CredentialConfig } from '../../../shared/credential';
import type { DeviceCodePrompt } from '../../../shared/status';
import { AppError } from '../../../shared/errors';
import { dpopOption, withDpopNonceRetry } from '../dpop';
import { errors } from '../errors';
import { mapProtocolError } from '../errors-from-provider';
import { requestOptions, type ProtocolRequestOptions } from '../http';
import type { GrantModule } from './grant-module';
import {
  PROCESS_OPTIONS,
  scopeParam,
  stageAdditions,
  tokenRequestParams,
  type ProtocolContext,
} from '../protocol';
import { registerSecret } from '../../common/redact';

/** RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default." */
const DEFAULT_INTERVAL_S = 5;
/** RFC 8628 §3.5: on slow_down "the interval MUST be increased by 5 seconds". */
const SLOW_DOWN_STEP_S = 5;
/** Back-off after a transient failure doubles the interval, up to this. */
const MAX_BACKOFF_INTERVAL_S = 60;

/**
 * RFC 8628 §3.5: "On encountering a connection timeout, clients MUST unilaterally reduce their
 * polling frequency before retrying." The same holds for a reset connection, a 5xx and a 429.
 */
function isTransient(error: AppError): boolean {
  if (
    error.code === 'timeout' ||
    error.code === 'token_url_unreachable' ||
    error.code === 'network'
  )
    return true;
  const status = error.provider?.status;
  return status !== undefined && (status >= 500 || status === 429);
}

export interface DeviceCodeOptions extends Pick<ProtocolRequestOptions, 'onUnverifiedIdToken'> {
  credentialId: string;
  signal: AbortSignal;
  now: () => number;
  onPrompt: (prompt: DeviceCodePrompt) => void;
  /** Told when a poll failed transiently and polling continues at the new interval. */
  onRetry?: (error: AppError, intervalS: number) => void;
  /** Waits between polls; injectable so the polling policy can be tested without real waits. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export async function deviceCodeGrant(
  ctx: ProtocolContext,
  config: CredentialConfig,
  options: DeviceCodeOptions,
): Promise<oauth.TokenEndpointResponse> {
  const authUrl = config.deviceAuthorizationUrl ?? '';
  let authorization: oauth.DeviceAuthorizationResponse;
  try {
    const params = tokenRequestParams(config, 'device_authorization');
    const scope = scopeParam(config);
    if (scope) params.set('scope', scope);
    const response = await oauth.deviceAuthorizationRequest(
      ctx.as,
      ctx.client,
      ctx.clientAuth,
      params,
      requestOptions(ctx.http, 'device_authorization', authUrl, {
        signal: options.signal,
        additions: stageAdditions(config, 'device_authorization'),
      }),
    );
    authorization = await oauth.processDeviceAuthorizationResponse(ctx.as, ctx.client, response);
  } catch (error) {
    throw mapProtocolError(error, {
      endpoint: 'device_authorization',
      url: authUrl,
      scopes: config.scopes,
      during: 'grant',
    });
  }
  registerSecret(authorization.device_code);

  const expiresAt = options.now() + authorization.expires_in * 1000;
  options.onPrompt({
    credentialId: options.credentialId,
    userCode: authorization.user_code,
    verificationUri: authorization.verification_uri,
    verificationUriComplete: authorization.verification_uri_complete ?? null,
    expiresAt,
  });

  const sleep = options.sleep ?? abortableSleep;
  const tokenUrl = config.tokenUrl ?? '';
  let intervalS = authorization.interval ?? DEFAULT_INTERVAL_S;
  for (;;) {
    await sleep(intervalS * 1000, options.signal);
    if (options.signal.aborted) throw errors.cancelled();
    if (options.now() >= expiresAt) throw errors.deviceCodeExpired();
    try {
      return await withDpopNonceRetry(ctx.dpop, async () => {
        const response = await oauth.deviceCodeGrantRequest(
          ctx.as,
          ctx.client,
          ctx.clientAuth,
          authorization.device_code,
          {
            ...requestOptions(ctx.http, 'token', tokenUrl, {
              signal: options.signal,
              additions: stageAdditions(config, 'token'),
              ...(options.onUnverifiedIdToken
                ? { onUnverifiedIdToken: options.onUnverifiedIdToken }
                : {}),
            }),
            additionalParameters: tokenRequestParams(config, 'token'),
            ...dpopOption(ctx.dpop),
          },
        );
        return oauth.processDeviceCodeResponse(ctx.as, ctx.client, response, PROCESS_OPTIONS);
      });
    } catch (error) {
      // RFC 8628 §3.5: pending and slow_down mean "keep polling"; everything else ends the flow.
      if (error instanceof oauth.ResponseBodyError && error.error === 'authorization_pending')
        continue;
      if (error instanceof oauth.ResponseBodyError && error.error === 'slow_down') {
        intervalS += SLOW_DOWN_STEP_S;
        continue;
      }
      if (error instanceof oauth.ResponseBodyError && error.error === 'expired_token')
        throw errors.deviceCodeExpired();
      const mapped = mapProtocolError(error, {
        endpoint: 'token',
        url: tokenUrl,
        scopes: config.scopes,
        during: 'grant',
      });
      if (mapped.code === 'authorization_cancelled' || !isTransient(mapped)) throw mapped;
      intervalS = Math.min(intervalS * 2, MAX_BACKOFF_INTERVAL_S);
      options.onRetry?.(mapped, intervalS);
    }
  }
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(errors.cancelled());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(errors.cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const deviceCode: GrantModule = {
  obtain: async (run) => ({
    response: await deviceCodeGrant(await run.protocol(), run.config, {
      ...run.requestOptions,
      credentialId: run.config.id,
      signal: run.signal,
      now: run.now,
      onPrompt: run.onDeviceCode,
    }),
  }),
};
