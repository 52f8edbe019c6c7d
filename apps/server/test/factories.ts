import { buildCreditCode, organizationCodeCheckCharacter } from '@gzcredit/domain';
import type { NewEnterprise } from '../src/modules/enterprises';
import { insertEnterprises } from '../src/modules/enterprises';
import type { Db } from '../src/platform/database';

let serial = 0;

/** A valid credit code that no other factory call returns: 91 + 南明区 + a serial organisation code. */
export function uniqueCreditCode(kindCode = '91', regionCode = '520102'): string {
  serial += 1;
  const first8 = `T${String(serial).padStart(7, '0')}`;
  return buildCreditCode(`${kindCode}${regionCode}${first8}${organizationCodeCheckCharacter(first8)}`);
}

export async function createEnterprise(db: Db, overrides: Partial<NewEnterprise> = {}): Promise<NewEnterprise> {
  const row: NewEnterprise = {
    creditCode: overrides.creditCode ?? uniqueCreditCode(),
    name: '贵州测试科技有限公司',
    kind: 'enterprise',
    status: 'active',
    regionCode: '520102',
    industryCode: 'I65',
    legalRepresentative: '张三',
    establishedOn: '2018-05-20',
    registrationAuthority: '贵阳市南明区市场监督管理局',
    address: '贵州省贵阳市南明区中华南路1号',
    ...overrides,
  };
  await insertEnterprises(db, [row]);
  return row;
}
