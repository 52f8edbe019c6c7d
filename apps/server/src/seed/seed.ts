import { chinaToday } from '@gzcredit/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config';
import { seedCalendarFromLibrary } from '../modules/calendar';
import { seedCatalogue } from '../modules/catalogue';
import { seedMeasures } from '../modules/checks';
import { hasEnterprises } from '../modules/enterprises';
import { loadSubmissionContext } from '../modules/records';
import { analyzeDatabase, type Db, type Engine } from '../platform/database';
import { ensureDemoAgencies } from './demo-agencies';
import { seedDemoArticles } from './demo-articles';
import { seedDemoRecords } from './demo-records';

/** The demo data set of a new user's `npm start` on the embedded engine (README, SPEC §5). */
const DEFAULT_DEMO_ENTITIES = 5_000;

/**
 * How many synthetic entities this start may seed, and why none when none (issue 17 item 1): never in production
 * (synthetic entities on the public portal would be published as real ones), on PostgreSQL only when DEMO_DATA says so.
 */
export function demoEntities(
  config: Pick<Config, 'DEMO_DATA' | 'NODE_ENV'>,
  engine: Engine,
): { count: number; reason?: string } {
  if (config.NODE_ENV === 'production') {
    return {
      count: 0,
      reason:
        config.DEMO_DATA === undefined
          ? '生产环境（NODE_ENV=production）从不导入演示数据'
          : `生产环境（NODE_ENV=production）从不导入演示数据，已忽略 DEMO_DATA=${config.DEMO_DATA}`,
    };
  }
  if (config.DEMO_DATA !== undefined) return { count: config.DEMO_DATA };
  if (engine === 'postgres') return { count: 0, reason: 'PostgreSQL 上未设置 DEMO_DATA，不导入演示数据' };
  return { count: DEFAULT_DEMO_ENTITIES };
}

/**
 * Reference data on every start (idempotent); the demo data set only into an empty database (SPEC §5), after the
 * administrator's bootstrap created the provincial bureau that provides it.
 */
export async function seedDatabase(
  db: Db,
  options: { demoEntities: number; dataKey: Buffer; log: FastifyBaseLogger },
): Promise<void> {
  const years = await seedCalendarFromLibrary(db);
  if (years.length > 0) options.log.info({ years }, 'calendar seeded');
  if (await seedCatalogue(db)) options.log.info('catalogue 2015 edition seeded');
  if (await seedMeasures(db)) options.log.info('check purposes and starting measure lists seeded');
  if (options.demoEntities === 0 || (await hasEnterprises(db))) return;
  const started = Date.now();
  const agencies = await ensureDemoAgencies(db);
  const records = await seedDemoRecords(db, {
    count: options.demoEntities,
    agencies,
    context: await loadSubmissionContext(db, options.dataKey),
  });
  await seedDemoArticles(db, chinaToday());
  await analyzeDatabase(db);
  options.log.info({ entities: options.demoEntities, records, ms: Date.now() - started }, 'demo data seeded');
}
