import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { buildCreditCode, organizationCodeCheckCharacter } from '@gzcredit/domain';
import { type Page, request } from 'playwright-core';
import {
  changeFirstPassword,
  consoleApiCall,
  openConsoleMenu,
  prepareAgencyAccount,
  signInThroughConsole,
} from '../lib/console';
import { check, defineJourney, expectVisible } from '../lib/journey';

const OPERATOR = 'sheng.tongbu';
const OPERATOR_PASSWORD = 'Sheng-Tongbu-2026!';
const SECRET = 'journey-shared-secret-0123456789';
const DESTINATION = '贵州诚信网';
const RECORDS = 4;

interface Receiver {
  endpoint: string;
  control: string;
  child: ChildProcess;
}

/** The receiver simulator (`npm run sync:receiver`) as its own process on free ports. */
async function startReceiver(): Promise<Receiver> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/server/src/cli/sync-receiver.ts', '--secret', SECRET, '--key-id', 'gzcx-journey'],
    { cwd: new URL('../../', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const { port, controlPort } = JSON.parse(line) as { port: number; controlPort: number };
  return { endpoint: `http://127.0.0.1:${port}/receive`, control: `http://127.0.0.1:${controlPort}/state`, child };
}

async function receiverState(receiver: Receiver, change?: object) {
  const response = await fetch(receiver.control, change ? { method: 'POST', body: JSON.stringify(change) } : {});
  return (await response.json()) as { applied: number; duplicates: number; orderViolations: number };
}

function destinationRow(page: Page) {
  return page.getByRole('row').filter({ hasText: DESTINATION });
}

/** The number in a column of the destination's row, read from the page (it refreshes itself every 3 s). */
async function waitForCell(page: Page, column: number, wanted: (value: number) => boolean, what: string) {
  const deadline = Date.now() + 60_000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await destinationRow(page).locator('td').nth(column).innerText()).replaceAll(',', '');
    if (wanted(Number(text))) return;
    await page.waitForTimeout(500);
  }
  check(false, `${what}: the page still shows ${text}`);
}

export default defineJourney({
  description:
    'the provincial operator switches 贵州诚信网 on while its receiver is away, sees the deliveries fail and the dead ' +
    'letters pile up, brings the receiver back, retries them, and watches the backlog drain',
  async run({ page, baseUrl, dataDir, step }) {
    const receiver = await startReceiver();
    try {
      await receiverState(receiver, { down: true });
      const { oneTimePassword } = await prepareAgencyAccount(baseUrl, dataDir, {
        agency: 'bureau',
        manager: { name: '钱同', post: '信用信息处科员', mobile: '13908512377', idCardNumber: '11010519491231002X' },
        account: { username: OPERATOR, permissions: ['platform.operator', 'record.submit'] },
      });

      await step('destination-switched-on', async () => {
        await signInThroughConsole(page, OPERATOR, oneTimePassword);
        await changeFirstPassword(page, oneTimePassword, OPERATOR_PASSWORD);
        await openConsoleMenu(page, '同步推送', '/console/sync');
        await expectVisible(destinationRow(page), `the row of ${DESTINATION}`);
        await page.getByRole('button', { name: `设置 ${DESTINATION}` }).click();
        const modal = page.getByRole('dialog');
        await modal.getByLabel('推送地址').fill(receiver.endpoint);
        await modal.getByLabel('凭证 ID').fill('gzcx-journey');
        await modal.getByLabel('签名密钥（HMAC-SM3）').fill(SECRET);
        await modal.getByLabel('最多尝试次数（之后转为死信）').fill('1');
        await modal.getByRole('switch').click();
        await modal.getByRole('button', { name: /保\s*存/ }).click();
        await modal.waitFor({ state: 'hidden' });
        await expectVisible(destinationRow(page).getByText('已启用'), 'the destination switched on');
      });

      await step('dead-letters-pile-up', async () => {
        // Records typed in by the operator's agency (the form's own journey shows the form).
        const api = await request.newContext({ baseURL: baseUrl });
        try {
          await consoleApiCall(api, 'POST', '/api/console/session', {
            username: OPERATOR,
            password: OPERATOR_PASSWORD,
          });
          for (let index = 0; index < RECORDS; index++) {
            const organisation = `E2E7${String(index).padStart(4, '0')}`;
            await consoleApiCall(api, 'POST', '/api/console/records', {
              record: {
                itemCode: 'penalty',
                creditCode: buildCreditCode(`91520102${organisation}${organizationCodeCheckCharacter(organisation)}`),
                entityName: `贵州同步演示${index + 1}有限公司`,
                dishonestyLevel: '一般失信',
                fields: {
                  decisionNumber: `黔市监罚〔2026〕${900 + index}号`,
                  violationType: '虚假宣传',
                  violationFacts: '在门店宣传中使用“国家级”等用语',
                  legalBasis: '《中华人民共和国广告法》第五十七条',
                  penaltyCategory: '罚款',
                  penaltyContent: '罚款人民币二万元',
                  fineAmount: '2',
                  decisionDate: '2026-03-02',
                  authority: '贵州省市场监督管理局',
                },
              },
            });
          }
        } finally {
          await api.dispose();
        }
        // Columns: 目的地, 推送地址, 状态, 待推送, 已送达, 死信.
        await waitForCell(page, 5, (dead) => dead === RECORDS, 'every record’s event dead-lettered');
        await expectVisible(
          destinationRow(page)
            .getByText(/fetch failed|ECONNREFUSED/)
            .first(),
          'the last error',
        );
        await page.getByRole('button', { name: `查看 ${DESTINATION} 的死信` }).click();
        await expectVisible(page.getByText(`死信：${DESTINATION}`), 'the dead letters');
        await expectVisible(page.getByText(`共 ${RECORDS} 条`), `${RECORDS} dead letters`);
      });

      await step('receiver-back-backlog-drained', async () => {
        await receiverState(receiver, { down: false });
        await page.getByRole('button', { name: '全部重试' }).click();
        await waitForCell(page, 5, (dead) => dead === 0, 'no dead letter left');
        await waitForCell(page, 3, (backlog) => backlog === 0, 'the backlog drained');
        await waitForCell(page, 4, (delivered) => delivered === RECORDS, 'every event delivered');
        await expectVisible(page.getByText('没有死信'), 'the empty dead-letter list');
        const state = await receiverState(receiver);
        check(
          state.applied === RECORDS && state.duplicates === 0 && state.orderViolations === 0,
          `the receiver applied ${state.applied}`,
        );
      });
    } finally {
      receiver.child.kill('SIGTERM');
    }
  },
});
