import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { emulateViewportWidth } from './viewport';

emulateViewportWidth();

afterEach(() => {
  cleanup();
  emulateViewportWidth();
});

// Ant Design's tables, selects and text ellipsis observe their size; jsdom has no ResizeObserver.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in window)) {
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
  Object.defineProperty(globalThis, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

// Console pages load on demand; a full parallel run can take longer than the default second to show them.
configure({ asyncUtilTimeout: 5000 });
