// @vitest-environment jsdom
// The tester slice: what it sends to main, cancel while in flight, history and curl.
import { describe, expect, it } from 'vitest';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import type { ResponseView } from '../../../../src/shared/requests';
import { ok } from '../support/fake-api';
import { env } from '../support/setup';

const state = () => useAppStore.getState();

const response: ResponseView = {
  status: 200,
  statusText: 'OK',
  headers: [{ name: 'content-type', value: 'application/json' }],
  body: '{"a":1}',
  bodyTruncated: false,
  sizeBytes: 7,
  durationMs: 12,
  url: 'https://api.example.com/items?page=2',
  retriedAfterRefresh: false,
  notes: [],
};

describe('tester slice', () => {
  it('sends no body for GET or HEAD but keeps the draft body for switching back', async () => {
    state().editDraft({
      method: 'POST',
      url: 'https://api.example.com/items',
      bodyKind: 'json',
      jsonText: '{"name":',
    });
    state().editDraft({ method: 'GET' });
    env.api.sendRequest.mockResolvedValue(ok(response));
    await state().sendRequest();
    expect(env.api.sendRequest.mock.calls[0]![0]).toMatchObject({
      method: 'GET',
      body: { kind: 'none' },
    });
    state().editDraft({ method: 'HEAD' });
    await state().sendRequest();
    expect(env.api.sendRequest.mock.calls[1]![0]).toMatchObject({
      method: 'HEAD',
      body: { kind: 'none' },
    });
    expect(state().draft).toMatchObject({ bodyKind: 'json', jsonText: '{"name":' });
    state().editDraft({ method: 'POST', jsonText: '{"name":1}' });
    await state().sendRequest();
    expect(env.api.sendRequest.mock.calls[2]![0]).toMatchObject({
      method: 'POST',
      body: { kind: 'json', text: '{"name":1}' },
    });
  });

  it('sends the draft as a spec, dropping empty rows, and keeps the response', async () => {
    state().editDraft({
      method: 'POST',
      url: ' https://api.example.com/items ',
      query: [
        { name: 'page', value: '2', enabled: true },
        { name: '', value: '', enabled: true },
      ],
      bodyKind: 'json',
      jsonText: '{"name":"x"}',
      credentialId: 'cred-9',
    });
    env.api.sendRequest.mockResolvedValue(ok(response));
    await state().sendRequest();
    const spec = env.api.sendRequest.mock.calls[0]![0];
    expect(spec).toMatchObject({
      method: 'POST',
      url: 'https://api.example.com/items',
      query: [{ name: 'page', value: '2', enabled: true }],
      body: { kind: 'json', text: '{"name":"x"}' },
      credentialId: 'cred-9',
    });
    expect(spec.requestId).toMatch(/\S/);
    expect(state().response).toEqual(response);
    expect(state().inFlightId).toBeNull();
    expect(env.api.listHistory).toHaveBeenCalled();
  });

  it('cancels the request in flight by its id and ignores its late answer', async () => {
    state().editDraft({ url: 'https://api.example.com/slow' });
    let answer!: (value: unknown) => void;
    env.api.sendRequest.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const sent = state().sendRequest();
    const requestId = state().inFlightId;
    expect(requestId).not.toBeNull();
    env.api.cancelRequest.mockResolvedValue(ok({ cancelled: true }));
    await state().cancelRequest();
    expect(env.api.cancelRequest).toHaveBeenCalledWith({ requestId });
    answer(ok(response));
    await sent;
    expect(state().response).toBeNull();
    expect(state().requestError?.code).toBe('request_cancelled');
  });

  it('asks main for curl without the token unless told to include it', async () => {
    state().editDraft({ url: 'https://api.example.com/me', credentialId: 'cred-1' });
    env.api.copyAsCurl.mockResolvedValue(
      ok({ command: "curl 'https://api.example.com/me' -H 'Authorization: Bearer <token>'" }),
    );
    expect(await state().curlCommand(false)).toContain('<token>');
    expect(env.api.copyAsCurl.mock.calls[0]![0]).toMatchObject({
      includeToken: false,
      spec: { credentialId: 'cred-1' },
    });
  });

  it('reopens a history entry in the editor', () => {
    state().openHistoryEntry({
      id: 'h1',
      at: 1,
      status: 201,
      durationMs: 5,
      spec: {
        method: 'PUT',
        url: 'https://api.example.com/x',
        query: [],
        headers: [{ name: 'X-Trace', value: '1', enabled: true }],
        body: { kind: 'raw', text: 'hello', contentType: 'text/plain' },
        credentialId: null,
        timeoutMs: 30_000,
      },
    });
    expect(state().draft).toMatchObject({
      method: 'PUT',
      url: 'https://api.example.com/x',
      bodyKind: 'raw',
      rawText: 'hello',
      headers: [{ name: 'X-Trace', value: '1', enabled: true }],
    });
  });
});
