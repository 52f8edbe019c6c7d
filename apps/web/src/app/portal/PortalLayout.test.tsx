import { cleanup, fireEvent, screen } from '@testing-library/react';
import { theme } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stubConsoleApi } from '../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../testing/render';
import { PortalAntdProvider } from '../antd-provider';
import { CARE_MODE_STORAGE_KEY } from '../care-mode';
import { PortalLayout } from './PortalLayout';

/** Shows the font size and text colour Ant Design draws the page's components with. */
function TokenProbe() {
  const { token } = theme.useToken();
  return (
    <p data-testid="tokens">
      {token.fontSize} {token.colorText}
    </p>
  );
}

function renderPortal() {
  return renderRoutes(
    [
      {
        path: '/',
        element: <PortalLayout />,
        // A page that draws Ant Design, wrapped as the router wraps one.
        children: [
          {
            index: true,
            element: (
              <PortalAntdProvider>
                <TokenProbe />
              </PortalAntdProvider>
            ),
          },
        ],
      },
    ],
    '/',
  );
}

/** A reload: the page and its <html> class are gone, localStorage stays. */
function reload() {
  cleanup();
  document.documentElement.className = '';
  renderPortal();
}

const careToggle = () => screen.getByRole('button', { name: '关怀模式' });

describe('关怀模式 (larger text and higher contrast)', () => {
  beforeEach(() => {
    window.localStorage.clear();
    document.documentElement.className = '';
    stubConsoleApi({ 'GET /api/public/site': () => jsonResponse({}) });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    window.localStorage.clear();
    document.documentElement.className = '';
  });

  it('is off at first: a toggle button in the header, not pressed, standard text', () => {
    renderPortal();

    const toggle = careToggle();
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.getAttribute('type')).toBe('button');
    expect(screen.getByRole('banner').contains(toggle)).toBe(true);
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('tokens').textContent).not.toMatch(/^18 /);
    expect(document.documentElement.classList.contains('care-mode')).toBe(false);
  });

  it('turns on larger, darker text, and is remembered by the browser across a reload', () => {
    renderPortal();

    fireEvent.click(careToggle());

    expect(careToggle().getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('tokens').textContent).toBe('18 #000000');
    expect(document.documentElement.classList.contains('care-mode')).toBe(true);
    expect(window.localStorage.getItem(CARE_MODE_STORAGE_KEY)).toBe('on');

    reload();

    expect(careToggle().getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('tokens').textContent).toBe('18 #000000');
    expect(document.documentElement.classList.contains('care-mode')).toBe(true);
  });

  it('turns off again, and stays off across a reload', () => {
    window.localStorage.setItem(CARE_MODE_STORAGE_KEY, 'on');
    renderPortal();
    expect(careToggle().getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(careToggle());

    expect(careToggle().getAttribute('aria-pressed')).toBe('false');
    expect(document.documentElement.classList.contains('care-mode')).toBe(false);
    expect(window.localStorage.getItem(CARE_MODE_STORAGE_KEY)).toBeNull();
    reload();
    expect(careToggle().getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('tokens').textContent).not.toMatch(/^18 /);
  });

  it('keeps working where the browser refuses storage, off after a reload', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('refused', 'SecurityError');
    });
    renderPortal();

    fireEvent.click(careToggle());

    expect(careToggle().getAttribute('aria-pressed')).toBe('true');
    expect(document.documentElement.classList.contains('care-mode')).toBe(true);
    vi.restoreAllMocks();
    reload();
    expect(careToggle().getAttribute('aria-pressed')).toBe('false');
  });
});
