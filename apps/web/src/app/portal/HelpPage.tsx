import { PROFILE_SECTION_TITLES } from '@gzcredit/contracts';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/use-document-title';

/** What each section of a profile holds, in the profile's order (PROFILE_SECTION_TITLES). */
const SECTION_MEANINGS: Record<keyof typeof PROFILE_SECTION_TITLES, string> = {
  licences: '各级国家机关作出的行政许可决定，含许可证件、内容与有效期；有效期届满后不再公示。',
  penalties: '行政处罚决定，含违法事实、处罚依据、处罚内容与作出机关；按失信程度在公示期内公示。',
  abnormal: '市场监管部门列入经营异常名录的记录及其原因，至移出时止。',
  serious_illegal: '列入严重违法失信名单（黑名单）的记录，至移出时止；这是“黑名单”的唯一含义。',
  removed_listings: '已经移出上述名单的记录，显示移出日期、原因和作出决定的机关。',
  bad_other: '除处罚与名单外的其他不良信息，如欠缴税款、拖欠工资等，按失信程度公示。',
  good: '表彰奖励、荣誉称号、守信激励等良好信息。',
  corrections: '提供单位更正或撤销已公示信息的记录：更正日期、更正单位与原因，平台自动记录，任何人不能删改。',
};

interface Question {
  question: string;
  answer: string;
}

const QUESTIONS: Question[] = [
  {
    question: '查不到某家企业怎么办？',
    answer:
      '请核对名称是否完整或改用 18 位统一社会信用代码查询；名称至少输入 2 个字。个体工商户、农民专业合作社同样可查。新登记的主体在登记机关传送信息后即可查到。',
  },
  {
    question: '“有失信记录”筛选是什么意思？',
    answer:
      '勾选后只显示在公示期内有不良信息的主体：列入严重违法失信名单，或有严重、一般、轻微失信等级的其他不良信息。',
  },
  {
    question: '为什么有的信息看不到？',
    answer:
      '公示期届满、已被提供单位撤销，或依法不予公示的信息不再显示；身份证号码不公示，手机号码已脱敏。仅供政务共享的信息只在各级国家机关之间共享，不向社会公示。',
  },
  {
    question: '信息多久更新一次？',
    answer:
      '各级国家机关应在信息产生之日起 20 个工作日内传送到平台并依法公示（《贵州省企业公共信用信息平台运行管理规则（试行）》第十二条）；传送后即可查询。',
  },
  {
    question: '对公示的信息有异议怎么办？',
    answer:
      '每条信息都注明了提供单位，请直接联系该单位申请核实更正；提供单位更正后，档案的“更正与修复记录”会留下痕迹（规则第十六条）。主体的法定代表人或经授权的经办人也可在“异议申请”页面验证身份（向登记的联系电话发送验证码，或统一身份认证）后在线提出异议：信息随即显示“异议处理中”，提供单位在 5 个工作日内（可延长一次至 20 个工作日）作出维持、更正或撤销的决定，申请人可按异议编号查看处理结果。',
  },
];

export function HelpPage() {
  useDocumentTitle('使用指南');
  return (
    <div className="portal-container help-page">
      <h1>使用指南</h1>
      <p>本平台公示贵州省各级国家机关依法归集的企业公共信用信息，供社会公众免费查询、下载信用报告和验证报告真伪。</p>

      <section aria-labelledby="help-search">
        <h2 id="help-search">如何查询</h2>
        <ol>
          <li>
            在首页或<Link to="/search">信用信息查询</Link>页输入企业名称（至少 2 个字）或 18 位统一社会信用代码。
          </li>
          <li>
            可按地区、行业、主体类型筛选，或勾选“有失信记录”只看有不良信息的主体；在手机上，筛选条件收在“筛选”按钮里。
          </li>
          <li>点击结果进入该主体的信用档案，查看基本信息和各类公示信息。</li>
        </ol>
      </section>

      <section aria-labelledby="help-sections">
        <h2 id="help-sections">信用档案各部分的含义</h2>
        <dl className="help-definitions">
          {Object.entries(SECTION_MEANINGS).map(([key, meaning]) => (
            <div key={key}>
              <dt>{PROFILE_SECTION_TITLES[key as keyof typeof PROFILE_SECTION_TITLES]}</dt>
              <dd>{meaning}</dd>
            </div>
          ))}
        </dl>
        <p>
          失信程度分为严重失信、一般失信和轻微失信三级，由提供单位按规定认定；不同级别的信息公示期限不同，期满后自动停止公示。
        </p>
      </section>

      <section aria-labelledby="help-report">
        <h2 id="help-report">如何下载和验证信用报告</h2>
        <ol>
          <li>在信用档案顶部点击“下载信用报告（PDF）”，报告列出下载时公示的全部信息，盖有报告编号与 SM3 数字摘要。</li>
          <li>
            收到报告的一方可扫描报告上的二维码，或在<Link to="/reports">信用报告验证</Link>
            页输入报告编号和摘要：平台显示该报告的主体、出具时间和各部分条数，与纸面一致即为真实报告。
          </li>
          <li>
            政府部门出具的信用核查报告，在<Link to="/checks">信用核查报告验证</Link>页以同样方式验证。
          </li>
        </ol>
      </section>

      <section aria-labelledby="help-faq">
        <h2 id="help-faq">常见问题</h2>
        {QUESTIONS.map((item) => (
          <details key={item.question} className="help-question">
            <summary>{item.question}</summary>
            <p>{item.answer}</p>
          </details>
        ))}
      </section>
    </div>
  );
}
