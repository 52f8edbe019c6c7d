import { fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderRoutes } from '../../../testing/render';
import { HomePage } from './HomePage';
import { QUERY_TOO_SHORT_MESSAGE, SEARCH_BOX_LABEL } from './SearchBox';

function renderHome() {
  return renderRoutes(
    [
      { path: '/', element: <HomePage /> },
      { path: '/search', element: <p>results</p> },
      { path: '/enterprises/:creditCode', element: <p>enterprise</p> },
    ],
    '/',
  );
}

function search(text: string) {
  const input = screen.getByLabelText(SEARCH_BOX_LABEL);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
}

describe('HomePage search box', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('refuses a one-character query with a Chinese hint and stays on the home page', () => {
    const router = renderHome();

    search(' 茅 ');

    expect(screen.getByRole('alert').textContent).toBe(QUERY_TOO_SHORT_MESSAGE);
    expect(screen.getByLabelText(SEARCH_BOX_LABEL).getAttribute('aria-invalid')).toBe('true');
    expect(router.state.location.pathname).toBe('/');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('opens the enterprise page directly for a valid credit code, normalised to upper case', () => {
    const router = renderHome();

    search('91520102maj0kmna90');

    expect(router.state.location.pathname).toBe('/enterprises/91520102MAJ0KMNA90');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('lists matching entities for a name fragment', () => {
    const router = renderHome();

    search('茅台');

    expect(router.state.location.pathname).toBe('/search');
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('茅台');
  });

  it('searches an 18-character code that fails the check instead of opening a page', () => {
    const router = renderHome();

    search('9152000071430580XA');

    expect(router.state.location.pathname).toBe('/search');
    expect(new URLSearchParams(router.state.location.search).get('q')).toBe('9152000071430580XA');
  });

  it('leads from its cards to the lists a visitor can browse without a name', () => {
    renderHome();

    const links = Object.fromEntries(
      screen.getAllByRole('link').map((link) => [link.textContent, link.getAttribute('href')]),
    );
    expect(links).toMatchObject({
      '严重失信主体名单（黑名单）': '/lists/blacklist',
      经营异常名录: '/lists/abnormal',
      '行政处罚信息（双公示）': '/lists/penalties',
      '行政许可信息（双公示）': '/lists/licences',
      守信激励名单: '/lists/trustworthy',
    });
  });
});
