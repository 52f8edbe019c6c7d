import type { ThemeConfig } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useLayoutEffect, useMemo, useState } from 'react';

/**
 * 关怀模式 (the 适老化 / 无障碍 mode of government sites, GB/T 37668-2019): larger text and higher contrast in the portal,
 * remembered per browser. Ant Design draws with CARE_THEME (antd-provider.tsx); the portal's own CSS follows the class
 * `care-mode` on <html> (global.css). Both come from localStorage at the first render and the class is set in a layout
 * effect, before the browser first paints the page, so a returning visitor never sees it change size.
 */
export const CARE_MODE_STORAGE_KEY = 'gzcredit.care-mode';
export const CARE_MODE_CLASS = 'care-mode';

/** The base font size in 关怀模式 (Ant Design's default is 14 px). */
export const CARE_FONT_SIZE = 18;

/** Whether this browser asked for 关怀模式; a browser that refuses storage (private mode, policy) reads as off. */
export function readCareMode(): boolean {
  try {
    return window.localStorage.getItem(CARE_MODE_STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

function storeCareMode(on: boolean) {
  try {
    if (on) window.localStorage.setItem(CARE_MODE_STORAGE_KEY, 'on');
    else window.localStorage.removeItem(CARE_MODE_STORAGE_KEY);
  } catch {
    // Not remembered where storage is refused; the mode still holds until the page is left.
  }
}

function applyCareModeClass(on: boolean) {
  document.documentElement.classList.toggle(CARE_MODE_CLASS, on);
}

/**
 * Ant Design's tokens in 关怀模式, over the platform's theme: 18 px text with controls tall enough for it, black text,
 * dark secondary text and placeholders, and borders dark enough to see (3:1 and more against white, WCAG 2.1 1.4.11).
 */
export const CARE_THEME: ThemeConfig = {
  token: {
    fontSize: CARE_FONT_SIZE,
    controlHeight: 40,
    colorText: '#000000',
    colorTextSecondary: '#1f1f1f',
    colorTextTertiary: '#262626',
    colorTextDescription: '#262626',
    colorTextPlaceholder: '#434343',
    colorTextDisabled: '#434343',
    colorBorder: '#595959',
    colorBorderSecondary: '#767676',
    colorSplit: '#767676',
  },
};

interface CareMode {
  on: boolean;
  setOn: (on: boolean) => void;
}

const CareModeContext = createContext<CareMode>({ on: false, setOn: () => {} });

export function CareModeProvider({ children }: { children: ReactNode }) {
  const [on, setState] = useState(readCareMode);
  const setOn = useCallback((next: boolean) => {
    storeCareMode(next);
    setState(next);
  }, []);
  useLayoutEffect(() => applyCareModeClass(on), [on]);
  const value = useMemo(() => ({ on, setOn }), [on, setOn]);
  return <CareModeContext value={value}>{children}</CareModeContext>;
}

export function useCareMode(): CareMode {
  return useContext(CareModeContext);
}
