import { createTestingPinia, type TestingPinia } from '@pinia/testing';
import { vi } from 'vitest';
import { APP_PINIA_PLUGINS } from '../app-shell/app-pinia';

/** A testing Pinia with the app's plugins (reset at sign-out); actions run for real unless `stubActions`. */
export function createAppTestingPinia(initialState: Record<string, unknown> = {}, { stubActions = false } = {}): TestingPinia {
  return createTestingPinia({ createSpy: vi.fn, stubActions, initialState, plugins: APP_PINIA_PLUGINS });
}
