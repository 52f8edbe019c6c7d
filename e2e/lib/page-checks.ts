import type { Page } from 'playwright-core';
import { JourneyAssertionError } from './journey';

/**
 * Fails when the page scrolls sideways at its current viewport, naming the widest elements that stick out.
 */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const result = await page.evaluate(() => {
    const viewport = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    const offenders: string[] = [];
    if (scrollWidth > viewport) {
      for (const element of document.body.querySelectorAll('*')) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.right <= viewport + 0.5) continue;
        const id = element.id ? `#${element.id}` : '';
        const classes = [...element.classList]
          .slice(0, 3)
          .map((name) => `.${name}`)
          .join('');
        offenders.push(`${element.tagName.toLowerCase()}${id}${classes} (right edge ${Math.round(box.right)} px)`);
        if (offenders.length >= 8) break;
      }
    }
    return { viewport, scrollWidth, offenders };
  });
  if (result.scrollWidth > result.viewport) {
    throw new JourneyAssertionError(
      `the page scrolls sideways at ${result.viewport} px: document.documentElement.scrollWidth is ` +
        `${result.scrollWidth}; elements past the right edge: ${result.offenders.join(', ') || '(none found)'}`,
    );
  }
}

/**
 * Fails when Chinese text would be drawn as boxes (no CJK font installed): draws two different characters in the font
 * of `selector` (the body by default) and compares the pixels. Missing glyphs all come out as the same box.
 */
export async function expectChineseGlyphs(page: Page, selector = 'body', sample = '贵州'): Promise<void> {
  const result = await page.evaluate(
    ({ selector, sample }) => {
      const element = document.querySelector(selector) ?? document.body;
      const fontFamily = getComputedStyle(element).fontFamily;
      const draw = (character: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = 48;
        canvas.height = 48;
        const context = canvas.getContext('2d');
        if (!context) return '';
        context.font = `32px ${fontFamily}`;
        context.textBaseline = 'top';
        context.fillText(character, 8, 8);
        return Array.from(context.getImageData(0, 0, 48, 48).data).join(',');
      };
      const [first, second] = [...sample].map(draw);
      const inked = (pixels = '') => pixels.split(',').some((value, index) => index % 4 === 3 && value !== '0');
      return { fontFamily, inked: inked(first) && inked(second), distinct: first !== second };
    },
    { selector, sample },
  );
  if (!result.inked || !result.distinct) {
    throw new JourneyAssertionError(
      `Chinese text does not render in "${result.fontFamily}" (the characters of "${sample}" ${
        result.inked ? 'all draw the same box' : 'draw nothing'
      }): install a CJK font, e.g. apt-get install -y fonts-wqy-microhei`,
    );
  }
}
