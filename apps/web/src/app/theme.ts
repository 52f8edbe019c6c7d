import { theme as antdTheme, type ThemeConfig } from 'antd';

/** 政务蓝 government blue as the primary colour; red is kept for dishonesty warnings. */
export const PRIMARY_COLOR = '#1d58a8';
const PRIMARY_DARKER = '#164a8f';
const PRIMARY_DARKEST = '#133d78';

/** WCAG 2.1 contrast ratio of two opaque #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((at) => {
      const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/** Normal text needs 4.5:1 against its background (WCAG 2.1 1.4.3, GB/T 37668-2019 5.2.4.3). */
export const TEXT_CONTRAST = 4.5;
const WHITE = '#ffffff';

/** Ant Design's preset colours (Tag color="orange" and the like). */
export const PRESET_COLORS = [
  'blue',
  'purple',
  'cyan',
  'green',
  'magenta',
  'pink',
  'red',
  'orange',
  'yellow',
  'volcano',
  'geekblue',
  'lime',
  'gold',
] as const;

/**
 * A preset-colour tag draws its text in shade 7 on shade 1 and, solid, white on shade 6: for most colours Ant Design's
 * shades fall short of 4.5:1. Each of the two takes the first shade from there on, darker, that reaches it (shade 10
 * always does), so every coloured tag stays legible in its own hue. Both spellings of a shade are set (`orange7` and
 * `orange-7`): styles read the first, the CSS variable `--ant-orange-7` is written from either.
 */
function readablePresetShades(): Record<string, string> {
  const defaults = antdTheme.getDesignToken() as unknown as Record<string, string>;
  const shades: Record<string, string> = {};
  for (const color of PRESET_COLORS) {
    const shade = (n: number) => defaults[`${color}${n}`]!;
    const firstFrom = (from: number, readable: (candidate: string) => boolean) => {
      for (let n = from; n < 10; n++) if (readable(shade(n))) return shade(n);
      return shade(10);
    };
    const text = firstFrom(
      7,
      (candidate) =>
        contrastRatio(candidate, shade(1)) >= TEXT_CONTRAST && contrastRatio(candidate, WHITE) >= TEXT_CONTRAST,
    );
    const solid = firstFrom(6, (candidate) => contrastRatio(WHITE, candidate) >= TEXT_CONTRAST);
    Object.assign(shades, { [`${color}7`]: text, [`${color}-7`]: text, [`${color}6`]: solid, [`${color}-6`]: solid });
  }
  return shades;
}

/** The status colours' strong tones (icons, text, tag text), dark enough for text on white and on their own light tones. */
const STATUS_COLORS = { Success: '#237804', Warning: '#995800', Error: '#c41d2a', Info: PRIMARY_COLOR } as const;

/**
 * Ant Design derives a status colour's light tones from its strong one, and from a dark one it derives murky greys: the
 * light tones (tag and alert backgrounds and borders) stay Ant Design's own.
 */
function statusColours(): Record<string, string> {
  const defaults = antdTheme.getDesignToken() as unknown as Record<string, string>;
  const tokens: Record<string, string> = {};
  for (const [status, strong] of Object.entries(STATUS_COLORS)) {
    tokens[`color${status}`] = strong;
    for (const tone of ['Bg', 'BgHover', 'Border', 'BorderHover']) {
      tokens[`color${status}${tone}`] = defaults[`color${status}${tone}`]!;
    }
  }
  return tokens;
}

/**
 * The tokens every screen is drawn with. Ant Design's defaults put secondary text, placeholders, status colours and
 * tags below the 4.5:1 contrast of WCAG 2.1 AA (GB/T 37668-2019); these are chosen to reach it on white, on the grey
 * page background (#f3f5f8) and on each status colour's own light background. theme.test.ts checks them.
 */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY_COLOR,
    colorLink: PRIMARY_COLOR,
    // Hover and press go darker, not lighter, so that a link or button under the pointer stays legible.
    colorPrimaryHover: PRIMARY_DARKER,
    colorPrimaryActive: PRIMARY_DARKEST,
    colorLinkHover: PRIMARY_DARKER,
    colorLinkActive: PRIMARY_DARKEST,
    ...statusColours(),
    // Secondary text (descriptions, hints, dates, empty states) and placeholders.
    colorTextTertiary: '#5f5f5f',
    colorTextPlaceholder: '#6b6b6b',
    colorTextDisabled: '#6b6b6b',
    ...readablePresetShades(),
    borderRadius: 4,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: PRIMARY_COLOR, bodyBg: '#f3f5f8', footerBg: '#233247' },
  },
};
