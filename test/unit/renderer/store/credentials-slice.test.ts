// @vitest-environment jsdom
// The credentials slice: summaries indexed by id, actions through window.api, outcomes as
// notifications, and main's events applied.
import { describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { subscribeToMainEvents } from '../../../../src/renderer/src/store/subscribe-events';
import { CREDENTIAL_PAGE_SIZE } from '../../../../src/shared/list-page';
import { makeSummary } from '../support/fixtures';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';
import { toListItem } from '../../../../src/shared/list-item';

const state = () => useAppStore.getState();

describe('credentials slice', () => {
  it('loads the list from main and indexes it by id', async () => {
    const a = makeSummary({ name: 'A' });
    const b = makeSummary({ name: 'B' });
    env.api.listCredentials.mockResolvedValue(ok([a, b]));
    await state().loadCredentials();
    expect(state().loaded).toBe(true);
    expect(Object.keys(state().credentials).sort()).toEqual([a.config.id, b.config.id].sort());
    expect(state().credentials[b.config.id]?.config.name).toBe('B');
  });

  it('loads the list in pages: the first page is shown before the next one arrives', async () => {
    const all = Array.from({ length: CREDENTIAL_PAGE_SIZE + 3 }, (_, i) =>
      makeSummary({ name: `Service ${i}` }),
    );
    let releaseSecond!: () => void;
    const secondAsked = new Promise<void>((resolve) => (releaseSecond = resolve));
    env.api.listCredentialPage.mockImplementation(
      async ({ offset, limit }: { offset: number; limit: number }) => {
        if (offset > 0) await secondAsked;
        return ok({ items: all.slice(offset, offset + limit), total: all.length });
      },
    );
    const loading = state().loadCredentials();
    await vi.waitFor(() => expect(state().loaded).toBe(true));
    expect(Object.keys(state().credentials)).toHaveLength(CREDENTIAL_PAGE_SIZE);
    expect(env.api.listCredentialPage).toHaveBeenCalledWith({
      offset: 0,
      limit: CREDENTIAL_PAGE_SIZE,
    });
    // Deleted while the next page was on its way: it does not come back with that page.
    state().removeCredentialLocally(all[0]!.config.id);
    releaseSecond();
    await loading;
    expect(Object.keys(state().credentials)).toHaveLength(all.length - 1);
    expect(state().credentials[all.at(-1)!.config.id]?.config.name).toBe(
      `Service ${all.length - 1}`,
    );
    expect(env.api.listCredentials).not.toHaveBeenCalled();
  });

  it('keeps the load error message for the list to show', async () => {
    env.api.listCredentials.mockResolvedValue({
      ok: false,
      error: {
        code: 'storage_failed',
        message: 'Cannot read credentials.json: check permissions.',
      },
    });
    await state().loadCredentials();
    expect(state().loadError).toBe('Cannot read credentials.json: check permissions.');
  });

  it('marks an action as running until main answers, then stores the new summary and notifies', async () => {
    const summary = makeSummary({ name: 'Orders API' });
    state().upsertCredential(summary);
    let answer!: (value: unknown) => void;
    env.api.refreshCredential.mockReturnValue(new Promise((resolve) => (answer = resolve)));

    const done = state().runCredentialAction(summary.config.id, 'refresh');
    expect(state().running[summary.config.id]).toBe('refresh');
    // A second click while it runs does not start another call.
    expect(await state().runCredentialAction(summary.config.id, 'test')).toBe(false);
    expect(env.api.testCredential).not.toHaveBeenCalled();

    const refreshed = {
      ...summary,
      status: {
        ...summary.status,
        state: 'connected' as const,
        expiresAt: Date.now() + 60_000,
        hasAccessToken: true,
      },
    };
    answer(ok(refreshed));
    expect(await done).toBe(true);
    expect(env.api.refreshCredential).toHaveBeenCalledWith({ id: summary.config.id });
    expect(state().running[summary.config.id]).toBeUndefined();
    expect(state().credentials[summary.config.id]?.status.state).toBe('connected');
    expect(state().toasts.at(-1)).toMatchObject({
      kind: 'success',
      message: 'Got a fresh token for Orders API.',
    });
  });

  it("shows the engine's message when an action fails", async () => {
    const summary = makeSummary();
    state().upsertCredential(summary);
    const message =
      'The provider rejected the client (invalid_client): check the client ID and secret.';
    env.api.testCredential.mockResolvedValue({
      ok: false,
      error: { code: 'invalid_client', message },
    });
    expect(await state().runCredentialAction(summary.config.id, 'test')).toBe(false);
    expect(state().toasts.at(-1)).toMatchObject({ kind: 'error', message });
  });

  it('reports a failed test from its outcome, not as success', async () => {
    const summary = makeSummary();
    state().upsertCredential(summary);
    env.api.testCredential.mockResolvedValue(
      ok({ ok: false, message: 'Token URL answered 404: check the URL.', summary }),
    );
    expect(await state().runCredentialAction(summary.config.id, 'test')).toBe(false);
    expect(state().toasts.at(-1)).toMatchObject({
      kind: 'error',
      message: 'Token URL answered 404: check the URL.',
    });
  });

  it('selects a duplicate and forgets a deleted credential', async () => {
    const summary = makeSummary({ name: 'Shop' });
    const copy = makeSummary({ name: 'Shop (copy)' });
    env.api.listCredentials.mockResolvedValue(ok([summary, copy]));
    state().upsertCredential(summary);
    state().select(summary.config.id);
    env.api.duplicateCredential.mockResolvedValue(ok(copy));
    await state().runCredentialAction(summary.config.id, 'duplicate');
    expect(state().selectedId).toBe(copy.config.id);

    env.api.deleteCredential.mockResolvedValue(ok({ id: copy.config.id }));
    await state().runCredentialAction(copy.config.id, 'delete');
    expect(state().credentials[copy.config.id]).toBeUndefined();
    expect(state().selectedId).toBeNull();
    expect(state().credentials[summary.config.id]).toBeDefined();
  });

  it("applies main's change, removal and device-code events", () => {
    const unsubscribe = subscribeToMainEvents(useAppStore);
    const summary = makeSummary({ grantType: 'device_code' });
    env.api.emit('credentialChanged', summary);
    expect(state().credentials[summary.config.id]).toEqual(toListItem(summary));

    env.api.emit('deviceCode', {
      credentialId: summary.config.id,
      userCode: 'WDJB-MJHT',
      verificationUri: 'https://x.example/device',
      verificationUriComplete: null,
      expiresAt: Date.now() + 600_000,
    });
    expect(state().deviceCode?.userCode).toBe('WDJB-MJHT');
    // The prompt closes by itself once the credential is connected.
    env.api.emit('credentialChanged', {
      ...summary,
      status: { ...summary.status, state: 'connected' },
    });
    expect(state().deviceCode).toBeNull();

    env.api.emit('credentialRemoved', { id: summary.config.id });
    expect(state().credentials[summary.config.id]).toBeUndefined();

    unsubscribe();
    env.api.emit('credentialChanged', summary);
    expect(state().credentials[summary.config.id]).toBeUndefined();
  });
});
