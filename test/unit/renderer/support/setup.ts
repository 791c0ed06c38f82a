// Shared per-file setup: a fresh fake API and a fresh store before each test, DOM cleanup after.
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { useAppStore } from '../../../../src/renderer/src/store/app-store';
import { installFakeApi, type FakeApi } from './fake-api';

export const env: { api: FakeApi } = { api: undefined as unknown as FakeApi };

beforeEach(() => {
  env.api = installFakeApi();
  useAppStore.setState(useAppStore.getInitialState(), true);
});

afterEach(() => {
  cleanup();
});
