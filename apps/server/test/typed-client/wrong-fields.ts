import createClient from 'openapi-fetch';
import type { paths } from './api';

/** Must not compile (openapi-client.test.ts): 罚没 is not one of the dictionary values of a penalty's 处罚类别. */
export function pushWrongFields() {
  return createClient<paths>({ baseUrl: 'http://127.0.0.1' }).POST('/api/exchange/v1/records', {
    params: { header: { 'idempotency-key': 'k1' } },
    body: {
      records: [
        {
          itemCode: 'penalty',
          creditCode: '91520100MA6DKQ7L9X',
          entityName: '贵州类型客户端有限公司',
          dishonestyLevel: 'general',
          fields: {
            decisionNumber: '筑市监罚〔2026〕1号',
            violationType: '虚假宣传',
            violationFacts: '在门店宣传中使用“国家级”等用语',
            legalBasis: '《中华人民共和国广告法》第五十七条',
            penaltyContent: '罚款人民币二万元',
            penaltyCategory: '罚没',
            decisionDate: '2026-11-02',
            authority: '贵阳市市场监督管理局',
          },
        },
      ],
    },
  });
}
