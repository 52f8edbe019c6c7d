import type { FastifyBaseLogger } from 'fastify';
import { seedCalendarFromLibrary } from '../modules/calendar';
import { seedCatalogue } from '../modules/catalogue';
import { countEnterprises, generateDemoEnterprises, insertEnterprises } from '../modules/enterprises';
import type { Db } from '../platform/database';

/** Reference data on every start (idempotent); the demo entities only into an empty database (SPEC §5). */
export async function seedDatabase(db: Db, options: { demoEntities: number; log: FastifyBaseLogger }): Promise<void> {
  const years = await seedCalendarFromLibrary(db);
  if (years.length > 0) options.log.info({ years }, 'calendar seeded');
  if (await seedCatalogue(db)) options.log.info('catalogue 2015 edition seeded');
  if (options.demoEntities === 0 || (await countEnterprises(db)) > 0) return;
  const started = Date.now();
  await db.transaction().execute(async (trx) => {
    for (const batch of generateDemoEnterprises(options.demoEntities)) await insertEnterprises(trx, batch);
  });
  options.log.info({ entities: options.demoEntities, ms: Date.now() - started }, 'demo entities seeded');
}
