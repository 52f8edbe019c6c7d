import { findInitialAdministrator } from '../modules/accounts';
import { publishSeedArticles, type SeedArticle } from '../modules/publishing';
import type { Db } from '../platform/database';
import { PROVINCIAL_RULES_HTML, PROVINCIAL_RULES_TITLE } from './provincial-rules';

/**
 * The demo data set's articles, so that a new user's first start does not show four empty columns (issue 20 item 8):
 * the provincial rules themselves in 法律法规, and in the other columns texts marked 【演示】 that say what the demo is.
 */
export function demoArticles(today: string): SeedArticle[] {
  const source = '贵州省市场监督管理局';
  return [
    {
      columnCode: 'laws',
      title: PROVINCIAL_RULES_TITLE,
      bodyHtml: PROVINCIAL_RULES_HTML,
      source: '贵州省企业公共信用信息平台运行管理规则（试行）',
      publishDate: today,
    },
    {
      columnCode: 'policies',
      title: '【演示】关于在政府采购和招标投标中开展信用核查的通知',
      bodyHtml: [
        '<p>各有关单位：</p>',
        '<p>依据《贵州省企业公共信用信息平台运行管理规则（试行）》第十七条，各级国家机关在政府采购、招标投标、财政资金补贴、评优评先、行政审批等工作中，应当查询使用企业公共信用信息。</p>',
        '<p>平台的管理控制台提供“信用核查”：粘贴或上传统一社会信用代码与名称，平台按用途给出每个主体的失信记录、名单和适用的失信惩戒措施，核查结果可打印为带数字摘要的报告，供公众在门户“信用核查报告验证”中核验。</p>',
        '<p>本文为演示数据，不具有效力。</p>',
      ].join(''),
      source,
      publishDate: today,
    },
    {
      columnCode: 'news',
      title: '【演示】贵州省企业公共信用信息平台演示环境上线',
      bodyHtml: [
        '<p>本演示环境用于展示平台的归集、公示、共享与核查功能。</p>',
        '<p>公众可在“信用信息查询”中按名称或统一社会信用代码查询市场主体，下载信用报告并在线验证；各级国家机关通过管理控制台或签名的交换接口传送信用信息。</p>',
      ].join(''),
      source,
      publishDate: today,
    },
    {
      columnCode: 'notices',
      title: '【演示】关于演示数据的说明',
      bodyHtml: [
        '<p>本环境中的市场主体、信用记录和部门传送数据均为程序生成的演示数据，名称、代码与真实主体无关，请勿作为任何决策依据。</p>',
        '<p>生产环境（NODE_ENV=production）从不导入演示数据。</p>',
      ].join(''),
      source,
      publishDate: today,
    },
  ];
}

/** Publishes the demo articles as the first start's administrator of the provincial bureau. */
export async function seedDemoArticles(db: Db, today: string): Promise<void> {
  const author = await findInitialAdministrator(db);
  if (!author) throw new Error('The demo articles need the first start’s administrator (bootstrapAdministrator)');
  await publishSeedArticles(db, author, demoArticles(today));
}
