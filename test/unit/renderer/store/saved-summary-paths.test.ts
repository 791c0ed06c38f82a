// @vitest-environment jsdom
// Both paths that bring a saved credential into the store are needed (credentials-slice.ts,
// saveCredential): the call's answer, which in browser mode can arrive before the event, and
// main's credentialChanged event, which also carries changes this window did not make.
import { afterEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { subscribeToMainEvents } from '../../../../src/renderer/src/store/subscribe-events';
import type { CredentialInput } from '../../../../src/shared/credential';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';
import { toListItem } from '../../../../src/shared/list-item';

const state = () => useAppStore.getState();
let unsubscribe: () => void = () => undefined;
afterEach(() => unsubscribe());

const input = (name: string): CredentialInput =>
  ({ fields: { name, grantType: 'client_credentials' } }) as unknown as CredentialInput;

describe('a saved summary reaches the store', () => {
  it('from the answer alone, when the event has not arrived yet (browser mode)', async () => {
    unsubscribe = subscribeToMainEvents(useAppStore);
    const saved = makeSummary({ name: 'Answer first' });
    env.api.createCredential.mockResolvedValue(ok(saved));
    const result = await state().saveCredential(null, input('Answer first'));
    expect(result.ok).toBe(true);
    // The form closes onto it: its details are held, its row is in the list.
    expect(state().details[saved.config.id]).toEqual(saved);
    expect(state().credentials[saved.config.id]).toEqual(toListItem(saved));
  });

  it('from the event alone, for a change this window did not ask for', () => {
    unsubscribe = subscribeToMainEvents(useAppStore);
    const refreshed = makeSummary({ name: 'Refreshed elsewhere' }, { state: 'connected' });
    env.api.emit('credentialChanged', refreshed);
    expect(state().credentials[refreshed.config.id]).toEqual(toListItem(refreshed));
  });

  it('the same summary by both paths, in either order, leaves one entry equal to it', async () => {
    unsubscribe = subscribeToMainEvents(useAppStore);
    const saved = makeSummary({ name: 'Both paths' });
    env.api.updateCredential.mockImplementation(async () => {
      env.api.emit('credentialChanged', saved); // Electron: the event comes before the answer
      return ok(saved);
    });
    await state().saveCredential(saved.config.id, input('Both paths'));
    env.api.emit('credentialChanged', saved); // browser mode: the event comes after it
    const matching = Object.values(state().credentials).filter(
      (c) => c.config.name === 'Both paths',
    );
    expect(matching).toEqual([toListItem(saved)]);
    expect(state().details[saved.config.id]).toEqual(saved);
  });
});
