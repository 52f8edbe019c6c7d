import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { theme as antdTheme } from 'antd';
import { describe, expect, it } from 'vitest';
import { CARE_THEME } from './care-mode';
import { contrastRatio, PRESET_COLORS, TEXT_CONTRAST, theme } from './theme';

const tokens = antdTheme.getDesignToken(theme) as unknown as Record<string, string>;
const PAGE_BACKGROUND = '#f3f5f8';

describe('theme contrast (WCAG 2.1 AA, 4.5:1 for text)', () => {
  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#8c8c8c', '#ffffff')).toBeCloseTo(3.36, 2);
  });

  it.each([
    'colorTextTertiary',
    'colorTextDescription',
    'colorTextPlaceholder',
    'colorTextDisabled',
    'colorLink',
    'colorLinkHover',
    'colorLinkActive',
  ])('draws %s legibly on white and on the page background', (token) => {
    expect(contrastRatio(tokens[token]!, '#ffffff')).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    expect(contrastRatio(tokens[token]!, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
  });

  it.each(['Success', 'Warning', 'Error', 'Info'])('draws %s text on white and on its own light tone', (status) => {
    const strong = tokens[`color${status}`]!;
    expect(contrastRatio(strong, '#ffffff')).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    expect(contrastRatio(strong, tokens[`color${status}Bg`]!)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    // The light tone stays light (a dark strong tone must not turn tag and alert backgrounds grey).
    expect(contrastRatio(tokens[`color${status}Bg`]!, '#ffffff')).toBeLessThan(1.2);
  });

  it('keeps white text on primary buttons legible, hovered and pressed too', () => {
    for (const token of ['colorPrimary', 'colorPrimaryHover', 'colorPrimaryActive']) {
      expect(contrastRatio('#ffffff', tokens[token]!)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    }
  });

  it.each(PRESET_COLORS)('draws %s tags legibly, filled and solid', (color) => {
    expect(contrastRatio(tokens[`${color}7`]!, tokens[`${color}1`]!)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    expect(contrastRatio('#ffffff', tokens[`${color}6`]!)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
  });
});

describe('关怀模式 tokens (larger text, higher contrast)', () => {
  const care = antdTheme.getDesignToken({
    ...theme,
    token: { ...theme.token, ...CARE_THEME.token },
  }) as unknown as Record<string, string | number>;

  it('draws 18 px text, with controls tall enough for it', () => {
    expect(care.fontSize).toBe(18);
    expect(Number(care.controlHeight)).toBeGreaterThanOrEqual(40);
  });

  it.each(['colorText', 'colorTextSecondary', 'colorTextTertiary', 'colorTextDescription', 'colorTextPlaceholder'])(
    'draws %s at 7:1 or more on white and on the page background (WCAG 1.4.6)',
    (token) => {
      expect(contrastRatio(String(care[token]), '#ffffff')).toBeGreaterThanOrEqual(7);
      expect(contrastRatio(String(care[token]), PAGE_BACKGROUND)).toBeGreaterThanOrEqual(7);
    },
  );

  it('draws borders at 3:1 or more against white (WCAG 1.4.11)', () => {
    for (const token of ['colorBorder', 'colorBorderSecondary']) {
      expect(contrastRatio(String(care[token]), '#ffffff')).toBeGreaterThanOrEqual(3);
    }
  });
});

describe("the portal's plain-markup tags (components/PortalUi.tsx) in the theme's colours", () => {
  const css = readFileSync(join(import.meta.dirname, 'global.css'), 'utf8');
  /** The declarations of a rule whose selector list includes `selector` exactly. */
  const declarations = (selector: string) => {
    const rule = [...css.matchAll(/([^{}]+)\{([^}]*)\}/g)].find(([, selectors]) =>
      selectors!.split(',').some((candidate) => candidate.trim() === selector),
    );
    if (!rule) throw new Error(`global.css has no rule for ${selector}`);
    return Object.fromEntries(
      rule[2]!
        .split(';')
        .map((declaration) => declaration.split(':').map((part) => part.trim()))
        .filter(([property]) => property),
    ) as Record<string, string>;
  };

  it.each(['red', 'volcano', 'orange', 'gold', 'green'])('draws a %s tag as Ant Design would', (color) => {
    expect(declarations(`.portal-tag-${color}`)).toMatchObject({
      'border-color': tokens[`${color}3`],
      background: tokens[`${color}1`],
      color: tokens[`${color}7`],
    });
    expect(contrastRatio(tokens[`${color}7`]!, tokens[`${color}1`]!)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
  });

  it.each(['red', 'volcano', 'orange', 'green'])('draws a solid %s tag as Ant Design would', (color) => {
    expect(declarations(`.portal-tag-solid.portal-tag-${color}`).background).toBe(tokens[`${color}6`]);
    expect(contrastRatio('#ffffff', tokens[`${color}6`]!)).toBeGreaterThanOrEqual(TEXT_CONTRAST);
  });

  it.each([
    ['success', 'Success'],
    ['processing', 'Info'],
    ['error', 'Error'],
    ['warning', 'Warning'],
  ])('draws a %s tag in the %s status colours', (tag, status) => {
    expect(declarations(`.portal-tag-${tag}`)).toMatchObject({
      'border-color': tokens[`color${status}Border`],
      background: tokens[`color${status}Bg`],
      color: tokens[`color${status}`],
    });
  });
});
