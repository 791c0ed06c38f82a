// RFC 8628 §3.3 as a user on a second device does it, over HTTP requests instead of a browser
// (http-provider-pages.ts): open the verification URI, type the user code, confirm the device,
// sign in, consent; done when oidc-provider shows its success page. For a provider on HTTPS with
// a test CA, which a browser would need installed.
import { Agent } from 'undici';
import type { DeviceCodePrompt } from '../../src/shared/status';
import { walkProviderPages } from './http-provider-pages';

export async function approveDeviceOverHttp(
  prompt: Pick<DeviceCodePrompt, 'verificationUri' | 'userCode'>,
  options: {
    /** PEM CA certificate of the provider's TLS certificate. */ ca: string;
    login: string;
  },
): Promise<void> {
  const dispatcher = new Agent({ connect: { ca: options.ca } });
  try {
    await walkProviderPages({
      dispatcher,
      start: prompt.verificationUri,
      login: options.login,
      userCode: prompt.userCode,
      // oidc-provider's successSource (lib/helpers/defaults.js).
      endsWith: (page) => page.includes('<title>Sign-in Success</title>'),
    });
  } finally {
    await dispatcher.close();
  }
}
