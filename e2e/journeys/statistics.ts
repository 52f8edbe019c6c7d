import { formatCount } from '@gzcredit/domain';
import { check, defineJourney, expectUrl, expectVisible, PHONE_VIEWPORT, WIDE_VIEWPORT } from '../lib/journey';
import { expectNoHorizontalOverflow } from '../lib/page-checks';

interface Breakdown {
  parent: string | null;
  items: Array<{
    code: string;
    name: string;
    entities: number;
    publicRecords: number;
    blacklisted: number;
    abnormal: number;
  }>;
}

const MEASURES = ['entities', 'publicRecords', 'blacklisted', 'abnormal'] as const;

export default defineJourney({
  description:
    'a visitor opens 统计分析, reads a prefecture off the map of Guizhou, drills into its counties and reads the same numbers in the table view',
  async run({ page, api, step, log }) {
    await page.setViewportSize(WIDE_VIEWPORT);
    const province = await api<Breakdown>('/api/public/statistics/breakdown?dimension=region');
    check(province.items.length === 9, `the province lists ${province.items.length} prefectures, not 9`);
    check(province.items.reduce((sum, item) => sum + item.entities, 0) > 0, 'the demo entities count in no prefecture');
    const map = page.locator('[data-chart="map"]');
    const mapCard = page.locator('.statistics-card').filter({ has: page.getByText('（示意图）') });
    let chosen: Breakdown['items'][number] | undefined;

    await step('map', async () => {
      await page.goto('/statistics');
      await expectVisible(page.getByRole('heading', { name: '统计分析', level: 1 }), 'the 统计分析 heading');
      await expectVisible(page.locator('[data-chart="map"][data-items="9"] canvas'), 'the map of the 9 prefectures');
      await expectVisible(page.getByText('示意图', { exact: false }), 'the 示意图 label');
      // Hover the middle of the map: the tooltip names a prefecture and its number of entities, as the API counts.
      const box = (await map.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const tooltip = map.locator('div').filter({ hasText: '市场主体：' }).last();
      await expectVisible(tooltip, 'the tooltip of the prefecture under the pointer');
      const text = ((await tooltip.textContent()) ?? '').replace(/\s+/g, '');
      chosen = province.items.find((item) => text.startsWith(item.name));
      check(chosen, `the tooltip “${text}” names no prefecture`);
      check(
        text === `${chosen.name}市场主体：${formatCount(chosen.entities)}户`,
        `the tooltip says “${text}”, the API counts ${chosen.entities} entities in ${chosen.name}`,
      );
      log(`${chosen.name}: ${chosen.entities} entities, ${chosen.publicRecords} public records`);
      for (const [label, dimension] of [
        ['各行业门类市场主体', 'industry'],
        ['各类型主体市场主体', 'kind'],
        ['近 12 个月新进入平台的主体和收到的信用信息', 'month'],
      ] as const) {
        await expectVisible(page.getByText(label, { exact: true }), `the ${dimension} chart`);
      }
      await expectVisible(page.locator('[data-chart="bar"] canvas'), 'the bar charts');
      await expectVisible(page.locator('[data-chart="line"] canvas'), 'the month chart');
    });

    await step('drill-down', async () => {
      check(chosen, 'no prefecture chosen');
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expectUrl(page, (url) => url.searchParams.get('region') === chosen!.code, `?region=${chosen.code}`);
      const counties = await api<Breakdown>(`/api/public/statistics/breakdown?dimension=region&parent=${chosen.code}`);
      await expectVisible(
        page.locator(`[data-chart="map"][data-items="${counties.items.length}"] canvas`),
        `the map of the ${counties.items.length} counties of ${chosen.name}`,
      );
      await expectVisible(
        mapCard.getByText(`${chosen.name}各区县市场主体分布`),
        `the title of ${chosen.name}'s counties`,
      );
      const sum = counties.items.reduce((total, item) => total + item.entities, 0);
      check(sum <= chosen.entities, `the counties of ${chosen.name} count ${sum} entities, more than the prefecture`);
    });

    await step('table', async () => {
      check(chosen, 'no prefecture chosen');
      const counties = await api<Breakdown>(`/api/public/statistics/breakdown?dimension=region&parent=${chosen.code}`);
      await mapCard.getByText('表格', { exact: true }).click();
      const rows = mapCard.locator('tbody tr.ant-table-row');
      await expectVisible(rows, 'the table of the counties');
      check((await rows.count()) === counties.items.length, `the table has ${await rows.count()} rows`);
      for (const [index, item] of counties.items.entries()) {
        const cells = (await rows.nth(index).locator('td').allInnerTexts()).map((cell) => cell.trim());
        const expected = [item.name, ...MEASURES.map((key) => formatCount(item[key]))];
        check(
          JSON.stringify(cells) === JSON.stringify(expected),
          `row ${index + 1} reads ${cells.join(' | ')}, the API says ${expected.join(' | ')}`,
        );
      }
      // Back to the province, the table lists the 9 prefectures with the map's numbers.
      await mapCard.getByRole('button', { name: '贵州省' }).click();
      await expectUrl(page, (url) => !url.searchParams.has('region'), 'the province again');
      await expectVisible(mapCard.locator('tbody tr.ant-table-row').nth(8), 'the 9 prefectures in the table');
      const first = (await mapCard.locator('tbody tr.ant-table-row').first().locator('td').allInnerTexts()).map((c) =>
        c.trim(),
      );
      check(
        first[0] === province.items[0]!.name && first[1] === formatCount(province.items[0]!.entities),
        `the first row reads ${first.join(' | ')}`,
      );
    });

    await step('phone', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.goto('/statistics');
      await expectVisible(page.locator('[data-chart="map"][data-items="9"] canvas'), 'the map on a phone');
      await expectNoHorizontalOverflow(page);
    });
  },
});
