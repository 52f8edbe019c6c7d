import { vi } from 'vitest';

/** A MediaQueryList answering `(min-width: …px)` and `(max-width: …px)` queries, and-ed, for a window `width` wide. */
function mediaQueryList(query: string, width: number | undefined): MediaQueryList {
  const matches =
    width !== undefined &&
    query.split(/\s+and\s+/).every((part) => {
      const bound = /\((min|max)-width:\s*([\d.]+)px\)/.exec(part);
      if (!bound) return false;
      return bound[1] === 'min' ? width >= Number(bound[2]) : width <= Number(bound[2]);
    });
  return {
    matches,
    media: query,
    onchange: null,
    addListener: vi.fn(),
    removeListener: vi.fn(),
    addEventListener: vi.fn(),
    removeEventListener: vi.fn(),
    dispatchEvent: vi.fn(() => false),
  };
}

/**
 * Ant Design's responsive helpers (Grid.useBreakpoint) call window.matchMedia, which jsdom lacks. Without a width no
 * query matches (the setup's default); with one, the queries answer as a window that wide would.
 */
export function emulateViewportWidth(width?: number) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    configurable: true,
    value: (query: string) => mediaQueryList(query, width),
  });
}

/** A 375 px phone and a 1366 px desktop, as the browser journeys use. */
export const PHONE_WIDTH = 375;
export const DESKTOP_WIDTH = 1366;
