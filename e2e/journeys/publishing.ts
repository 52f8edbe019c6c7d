import { readFile } from 'node:fs/promises';
import {
  changeFirstPassword,
  consoleAdmin,
  openConsoleMenu,
  prepareAgencyAccount,
  signInThroughConsole,
  signOutOfConsole,
  totp,
  totpStep,
  waitForFreshTotpStep,
} from '../lib/console';
import { check, DESKTOP_VIEWPORT, defineJourney, expectUrl, expectVisible, PHONE_VIEWPORT } from '../lib/journey';
import { expectNoHorizontalOverflow } from '../lib/page-checks';

const PUBLISHER = 'jinrong.xinxi';
const PUBLISHER_PASSWORD = 'Jinrong-Publish-2026!';
const REQUESTED_COLUMN = '金融信用专栏';
/** The operator adjusts the name when approving (Rules Art. 18). */
const APPROVED_COLUMN = '地方金融信用专栏';
const ARTICLE_TITLE = '关于开展地方金融组织信用承诺工作的通知';
const ATTACHMENT_NAME = '信用承诺书模板.pdf';
const ATTACHMENT = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
    '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
/** Pasted into the editor last, as from a hostile web page: the editor's schema and the server's sanitiser drop the rest. */
const PASTED_HTML = `<table><thead><tr><th>事项</th><th>时限</th></tr></thead><tbody><tr><td>提交承诺书</td><td>30 日内</td></tr></tbody></table>
<p onclick="alert(1)">详见附件。<script>alert('x')</script></p>`;

async function signInAsAdmin(page: Parameters<typeof signInThroughConsole>[0]) {
  await waitForFreshTotpStep(consoleAdmin.lastTotpStep ?? 0);
  await signInThroughConsole(page, 'admin', consoleAdmin.password!, () => {
    consoleAdmin.lastTotpStep = totpStep();
    return totp(consoleAdmin.totpSecret!);
  });
}

export default defineJourney({
  description:
    'an agency asks for a special column, the operator approves it, the agency publishes an article in it with a PDF, ' +
    'and the public opens it from the home page and downloads the attachment',
  async run({ page, baseUrl, dataDir, step, log }) {
    const { oneTimePassword: publisherOneTimePassword } = await prepareAgencyAccount(baseUrl, dataDir, {
      agency: { name: '贵州省地方金融管理局', regionCode: '520000', level: 'province', kind: 'administrative' },
      manager: { name: '王敏', post: '信息化处副处长', mobile: '13908510000', idCardNumber: '11010519491231002X' },
      account: { username: PUBLISHER, permissions: ['content.publish'] },
    });
    log(`publisher ${PUBLISHER} of 贵州省地方金融管理局 created by admin`);

    await step('publisher-first-sign-in', async () => {
      await signInThroughConsole(page, PUBLISHER, publisherOneTimePassword);
      await changeFirstPassword(page, publisherOneTimePassword, PUBLISHER_PASSWORD);
      await expectUrl(page, (url) => url.pathname === '/console', 'the console home');
      const menu = page.getByRole('navigation', { name: '控制台菜单' });
      await expectVisible(menu.getByRole('link', { name: '信息发布' }), 'the 信息发布 menu entry');
      check((await menu.getByRole('link', { name: '专栏审批' }).count()) === 0, 'a publisher sees 专栏审批');
    });

    await step('request-column', async () => {
      await openConsoleMenu(page, '专栏申请', '/console/column-requests');
      await page.getByLabel('专栏名称').fill(REQUESTED_COLUMN);
      await page.getByLabel('开设用途').fill('发布地方金融组织信用承诺、信用修复政策与办理指南');
      await page.getByRole('button', { name: '提交申请' }).click();
      const row = page.getByRole('row').filter({ hasText: REQUESTED_COLUMN });
      await expectVisible(row.getByText('待审批'), `${REQUESTED_COLUMN} listed as 待审批`);
    });

    await step('operator-approves-column', async () => {
      await signOutOfConsole(page);
      await signInAsAdmin(page);
      await openConsoleMenu(page, '专栏审批', '/console/column-reviews');
      const row = page.getByRole('row').filter({ hasText: REQUESTED_COLUMN });
      await expectVisible(row, `the request ${REQUESTED_COLUMN} in the queue`);
      await expectVisible(row.getByText('贵州省地方金融管理局'), 'the requesting agency');
      await row.getByRole('button', { name: /批\s*准/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('专栏名称').fill(APPROVED_COLUMN);
      await dialog.getByLabel('审批意见').fill('同意开设，名称调整为“地方金融信用专栏”');
      await dialog.getByRole('button', { name: '批准开设' }).click();
      await expectVisible(page.getByText('没有待审批的专栏申请'), 'an empty queue after approving');
      await page.getByText('全部栏目', { exact: true }).click();
      await expectVisible(
        page.getByRole('row').filter({ hasText: APPROVED_COLUMN }).getByText('已开设'),
        `${APPROVED_COLUMN} as 已开设`,
      );
    });

    await step('publisher-writes-article', async () => {
      await signOutOfConsole(page);
      await signInThroughConsole(page, PUBLISHER, PUBLISHER_PASSWORD);
      await openConsoleMenu(page, '信息发布', '/console/articles');
      await page.getByRole('button', { name: '新建信息' }).click();
      await expectUrl(page, (url) => url.pathname === '/console/articles/new', '/console/articles/new');
      await page.getByLabel('标题').fill(ARTICLE_TITLE);
      await page.getByLabel('栏目').click();
      await page.locator('.ant-select-item-option').filter({ hasText: APPROVED_COLUMN }).click();
      await page.getByLabel('来源').fill('贵州省地方金融管理局');
      // The body is a WYSIWYG editor: typed, formatted from its toolbar, and a paste of rich text at the end.
      const body = page.getByRole('textbox', { name: '正文', exact: true });
      const toolbar = page.getByRole('toolbar', { name: '正文格式' });
      await body.click();
      await page.keyboard.type('各地方金融组织：');
      await page.keyboard.press('Enter');
      await toolbar.getByRole('button', { name: '二级标题' }).click();
      await page.keyboard.type('一、工作目标');
      await page.keyboard.press('Enter');
      await page.keyboard.type('推动地方金融组织作出');
      const bold = toolbar.getByRole('button', { name: '加粗' });
      await bold.click();
      check((await bold.getAttribute('aria-pressed')) === 'true', '加粗 is not pressed after clicking it');
      await page.keyboard.type('信用承诺');
      await bold.click();
      await page.keyboard.type('并向社会公示。');
      await page.keyboard.press('Enter');
      await toolbar.getByRole('button', { name: '项目列表' }).click();
      await page.keyboard.type('小额贷款公司');
      await page.keyboard.press('Enter');
      await page.keyboard.type('融资担保公司');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await body.evaluate((element, html) => {
        const data = new DataTransfer();
        data.setData('text/html', html);
        data.setData('text/plain', '详见附件。');
        element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, PASTED_HTML);
      await expectVisible(body.getByRole('heading', { level: 2, name: '一、工作目标' }), 'the heading in the editor');
      await expectVisible(body.locator('strong').filter({ hasText: '信用承诺' }), 'the bold text in the editor');
      await expectVisible(body.getByText('详见附件。'), 'the pasted paragraph in the editor');
      await expectVisible(body.getByRole('cell', { name: '提交承诺书' }), 'the pasted table in the editor');
      await expectVisible(
        page.frameLocator('iframe[title="正文实时预览"]').getByRole('heading', { name: '一、工作目标' }),
        'the heading in the live preview',
      );
      await page.locator('input[type="file"]').setInputFiles({
        name: ATTACHMENT_NAME,
        mimeType: 'application/pdf',
        buffer: ATTACHMENT,
      });
      await expectVisible(
        page.locator('.ant-upload-list-item-done').filter({ hasText: ATTACHMENT_NAME }),
        'the uploaded PDF',
      );
    });

    await step('publisher-publishes', async () => {
      await page.getByRole('button', { name: /^发\s*布$/ }).click();
      // Publishing is asked first: the article goes before the public at once.
      const confirm = page.getByRole('dialog', { name: '确认发布这条信息？' });
      await expectVisible(confirm.getByText(`《${ARTICLE_TITLE}》`, { exact: false }), 'the 确认发布 dialog');
      // The dialog zooms in: a click while it still moves can miss its button (seen once on PostgreSQL, the dialog left
      // open), so the click waits for its animations to end.
      await confirm.evaluate((dialog) =>
        Promise.all(dialog.getAnimations({ subtree: true }).map((animation) => animation.finished)),
      );
      await confirm.getByRole('button', { name: '确认发布' }).click();
      await expectUrl(page, (url) => /^\/console\/articles\/\d+$/.test(url.pathname), '/console/articles/<id>');
      await expectVisible(page.locator('.ant-tag').filter({ hasText: '已发布' }), 'the 已发布 tag');
      await openConsoleMenu(page, '信息发布', '/console/articles');
      const row = page.getByRole('row').filter({ hasText: ARTICLE_TITLE });
      await expectVisible(row.getByText('已发布'), 'the article as 已发布 in the list');
      await signOutOfConsole(page);
    });

    let articlePath = '';
    await step('public-home', async () => {
      await page.goto('/');
      for (const column of ['法律法规', '政策文件', '工作动态', '通知公告']) {
        await expectVisible(page.getByRole('heading', { level: 2, name: column, exact: true }), `the ${column} card`);
      }
      const special = page.getByRole('navigation', { name: '专题专栏' }).getByRole('link', { name: APPROVED_COLUMN });
      await expectVisible(special, `the ${APPROVED_COLUMN} entry on the home page`);
      await page.locator('.news-card .ant-skeleton').first().waitFor({ state: 'detached' });
    });

    await step('public-column', async () => {
      const special = page.getByRole('navigation', { name: '专题专栏' }).getByRole('link', { name: APPROVED_COLUMN });
      await special.click();
      await expectUrl(page, (url) => /^\/columns\/\d+$/.test(url.pathname), '/columns/<id>');
      await expectVisible(page.getByRole('heading', { level: 1, name: APPROVED_COLUMN }), 'the column heading');
    });

    await step('public-article', async () => {
      await page.getByRole('link', { name: ARTICLE_TITLE }).click();
      await expectUrl(page, (url) => /^\/articles\/\d+$/.test(url.pathname), '/articles/<id>');
      articlePath = new URL(page.url()).pathname;
      await expectVisible(page.getByRole('heading', { level: 1, name: ARTICLE_TITLE }), 'the article title');
      const body = page.getByTestId('article-body');
      await expectVisible(body.getByRole('heading', { name: '一、工作目标' }), 'the body heading');
      await expectVisible(body.getByRole('listitem').filter({ hasText: '融资担保公司' }), 'the body list');
      await expectVisible(body.locator('strong').filter({ hasText: '信用承诺' }), 'the bold text set in the editor');
      await expectVisible(body.getByText('详见附件。'), 'the pasted paragraph');
      await expectVisible(body.getByRole('cell', { name: '提交承诺书' }), 'the pasted table');
      const html = await body.innerHTML();
      check(!/<script|onclick/i.test(html), `the published body still carries script: ${html}`);
      await expectVisible(page.getByText('贵州省地方金融管理局').first(), 'the agency');
    });

    await step('public-article-phone', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.reload();
      await expectVisible(page.getByRole('heading', { level: 1, name: ARTICLE_TITLE }), 'the article title on a phone');
      await expectNoHorizontalOverflow(page);
      await page.setViewportSize(DESKTOP_VIEWPORT);
    });

    await step('public-download', async () => {
      const link = page.getByRole('link', { name: ATTACHMENT_NAME });
      await expectVisible(link, `the attachment link ${ATTACHMENT_NAME}`);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      check(
        download.suggestedFilename() === ATTACHMENT_NAME,
        `the download is named ${download.suggestedFilename()}, not ${ATTACHMENT_NAME}`,
      );
      const path = await download.path();
      const bytes = await readFile(path);
      check(
        bytes.equals(ATTACHMENT),
        `the downloaded file has ${bytes.length} bytes, not the ${ATTACHMENT.length} uploaded`,
      );
      log(`downloaded ${download.suggestedFilename()} (${bytes.length} bytes) from ${articlePath}`);
    });
  },
});
