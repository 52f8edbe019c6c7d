import type { FastifyBaseLogger } from 'fastify';
import { seedCalendarFromLibrary } from '../modules/calendar';
import { seedCatalogue } from '../modules/catalogue';
import { countEnterprises } from '../modules/enterprises';
import { loadSubmissionContext } from '../modules/records';
import { analyzeDatabase, type Db } from '../platform/database';
import { ensureDemoAgencies } from '../seed/demo-agencies';
import { seedDemoRecords } from '../seed/demo-records';

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
  if (options.demoEntities === 0 || (await countEnterprises(db)) > 0) return;
  const started = Date.now();
  const agencies = await ensureDemoAgencies(db);
  const records = await seedDemoRecords(db, {
    count: options.demoEntities,
    agencies,
    context: await loadSubmissionContext(db, options.dataKey),
  });
  await analyzeDatabase(db);
  options.log.info({ entities: options.demoEntities, records, ms: Date.now() - started }, 'demo data seeded');
}
