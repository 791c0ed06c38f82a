// @vitest-environment jsdom
// The list keeps list items; the full summary of a credential is fetched when it is selected
// and kept for the detail only (credentials-slice.ts). Answers and main's events update both,
// each row derived with the shared projection; an older fetch never overwrites a newer summary.
import { afterEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { subscribeToMainEvents } from '../../../../src/renderer/src/store/subscribe-events';
import { toListItem } from '../../../../src/shared/list-item';
import type { Result } from '../../../../src/shared/errors';
import type { CredentialSummary } from '../../../../src/shared/status';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const state = () => useAppStore.getState();
let unsubscribe: () => void = () => undefined;
afterEach(() => unsubscribe());

/** A getCredential answer the test releases when it wants. */
function heldAnswer() {
  let release!: (value: Result<CredentialSummary>) => void;
  env.api.getCredential.mockReturnValueOnce(new Promise((resolve) => (release = resolve)));
  return (value: Result<CredentialSummary>) => release(value);
}

describe('list items and details', () => {
  it('keeps only list items for the list: no configuration beyond the row, no secret presence', async () => {
    const a = makeSummary({ name: 'A', clientId: 'client-a' }, {}, { hasClientSecret: true });
    env.api.listCredentials.mockResolvedValue(ok([a]));
    await state().loadCredentials();
    const item = state().credentials[a.config.id]!;
    expect(item).toEqual(toListItem(a));
    expect(JSON.stringify(item)).not.toMatch(/client-a|hasClientSecret|tokenUrl/);
    expect(state().details).toEqual({});
    expect(env.api.getCredential).not.toHaveBeenCalled();
  });

  it('fetches the details of the credential selected, once, and drops the previous one', async () => {
    const a = makeSummary({ name: 'A' });
    const b = makeSummary({ name: 'B' });
    env.api.listCredentials.mockResolvedValue(ok([a, b]));
    await state().loadCredentials();

    const release = heldAnswer();
    state().select(a.config.id);
    expect(state().details[a.config.id]).toBeUndefined(); // the pane shows it loading
    release(ok(a));
    await expect.poll(() => state().details[a.config.id]).toEqual(a);
    state().select(a.config.id);
    expect(env.api.getCredential).toHaveBeenCalledTimes(1);

    state().select(b.config.id);
    await expect.poll(() => state().details[b.config.id]).toEqual(b);
    expect(Object.keys(state().details)).toEqual([b.config.id]);
  });

  it('keeps a failed fetch as the credential’s error, and a retry replaces it', async () => {
    const a = makeSummary({ name: 'A' });
    state().upsertCredential(a);
    env.api.getCredential.mockResolvedValueOnce({
      ok: false,
      error: { code: 'storage_failed', message: 'Cannot read the vault: check permissions.' },
    });
    state().select(a.config.id);
    await expect
      .poll(() => state().detailErrors[a.config.id])
      .toBe('Cannot read the vault: check permissions.');
    expect(state().details[a.config.id]).toBeUndefined();

    env.api.getCredential.mockResolvedValueOnce(ok(a));
    await state().loadDetails(a.config.id, true);
    expect(state().details[a.config.id]).toEqual(a);
    expect(state().detailErrors[a.config.id]).toBeUndefined();
  });

  it('a credential main no longer has leaves the list, and the pane goes back to its empty state', async () => {
    const a = makeSummary({ name: 'A' });
    const b = makeSummary({ name: 'B' });
    state().upsertCredential(a);
    state().upsertCredential(b);
    env.api.getCredential.mockResolvedValueOnce({
      ok: false,
      error: {
        code: 'not_found',
        message: 'That credential no longer exists: it may have been deleted.',
      },
    });
    state().select(a.config.id);
    await expect.poll(() => state().selectedId).toBeNull();
    expect(state().credentials[a.config.id]).toBeUndefined();
    expect(state().detailErrors[a.config.id]).toBeUndefined();
    expect(state().credentials[b.config.id]).toBeDefined();
  });

  it("an event updates the row and the held details; another credential's event adds no details", () => {
    unsubscribe = subscribeToMainEvents(useAppStore);
    const shown = makeSummary({ name: 'Shown' });
    const other = makeSummary({ name: 'Other' });
    state().upsertCredential(shown, true);
    state().upsertCredential(other);

    const refreshed = { ...shown, status: { ...shown.status, state: 'connected' as const } };
    env.api.emit('credentialChanged', refreshed);
    expect(state().details[shown.config.id]).toEqual(refreshed);
    expect(state().credentials[shown.config.id]).toEqual(toListItem(refreshed));

    const renamed = { ...other, config: { ...other.config, name: 'Other renamed' } };
    env.api.emit('credentialChanged', renamed);
    expect(state().credentials[other.config.id]?.config.name).toBe('Other renamed');
    expect(state().details[other.config.id]).toBeUndefined();
  });

  it('an action’s answer updates both the row and the detail', async () => {
    const a = makeSummary({ name: 'A', grantType: 'authorization_code' });
    env.api.listCredentials.mockResolvedValue(ok([a]));
    await state().loadCredentials();
    state().select(a.config.id);
    await expect.poll(() => state().details[a.config.id]).toBeDefined();
    const authorized = {
      ...a,
      status: { ...a.status, state: 'connected' as const, hasAccessToken: true, scope: 'read' },
    };
    env.api.authorizeCredential.mockResolvedValue(ok(authorized));
    await state().runCredentialAction(a.config.id, 'authorize');
    expect(state().details[a.config.id]).toEqual(authorized);
    expect(state().credentials[a.config.id]).toEqual(toListItem(authorized));
  });

  it('a fetch overtaken by an event keeps the event’s newer summary', async () => {
    unsubscribe = subscribeToMainEvents(useAppStore);
    const a = makeSummary({ name: 'A' });
    state().upsertCredential(a);
    const release = heldAnswer();
    state().select(a.config.id);
    const newer = { ...a, status: { ...a.status, state: 'connected' as const } };
    env.api.emit('credentialChanged', newer);
    release(ok(a)); // read by main before the change
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state().details[a.config.id]).toEqual(newer);
  });

  it('a credential deleted while its details were on their way does not come back', async () => {
    const a = makeSummary({ name: 'A' });
    state().upsertCredential(a);
    const release = heldAnswer();
    state().select(a.config.id);
    state().removeCredentialLocally(a.config.id);
    release(ok(a));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state().details[a.config.id]).toBeUndefined();
    expect(state().credentials[a.config.id]).toBeUndefined();
  });

  it('a reload for another environment fetches the selected credential’s details again', async () => {
    const qa = makeSummary({ name: 'Orders' });
    env.api.listCredentials.mockResolvedValue(ok([qa]));
    await state().loadCredentials();
    state().select(qa.config.id);
    await expect.poll(() => state().details[qa.config.id]).toEqual(qa);

    const production = {
      ...qa,
      environment: { id: 'prod', name: 'Production', color: 'red' as const, production: true },
    };
    env.api.listCredentials.mockResolvedValue(ok([production]));
    await state().loadCredentials();
    await expect.poll(() => state().details[qa.config.id]).toEqual(production);
    expect(env.api.getCredential).toHaveBeenCalledTimes(2);
  });

  it('of two fetches, the later one answers, whichever arrives last', async () => {
    const a = makeSummary({ name: 'Orders' });
    state().upsertCredential(a);
    const releaseOlder = heldAnswer();
    state().select(a.config.id);
    const releaseLater = heldAnswer();
    const later = state().loadDetails(a.config.id, true); // another environment became active
    const inProduction = {
      ...a,
      environment: { id: 'prod', name: 'Production', color: 'red' as const, production: true },
    };
    releaseLater(ok(inProduction));
    await later;
    releaseOlder(ok(a));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(state().details[a.config.id]).toEqual(inProduction);
  });
});
