import { ensureProvincialAgencies } from '../modules/accounts';
import type { Db } from '../platform/database';

/** The provincial agencies that provide the demo data set's records (SPEC §5: records of every catalogue item). */
export const DEMO_AGENCIES = [
  { name: '国家税务总局贵州省税务局', kind: 'administrative' },
  { name: '贵州省生态环境厅', kind: 'administrative' },
  { name: '贵州省应急管理厅', kind: 'administrative' },
  { name: '贵州省人力资源和社会保障厅', kind: 'administrative' },
  { name: '贵州省高级人民法院', kind: 'judicial' },
  { name: '贵州省发展和改革委员会', kind: 'development_reform' },
] as const;

export type DemoAgencies = Record<'market_regulation' | (typeof DEMO_AGENCIES)[number]['name'], number>;

/** The provincial bureau (created by bootstrapAdministrator) and the demo data set's provincial agencies under it. */
export async function ensureDemoAgencies(db: Db): Promise<DemoAgencies> {
  const { bureau, agencies } = await ensureProvincialAgencies(db, DEMO_AGENCIES);
  return { market_regulation: bureau, ...agencies };
}
