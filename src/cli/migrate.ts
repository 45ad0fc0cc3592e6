/** `npm run migrate`: applies pending SQL migrations to DATABASE_URL or the embedded database. */
import { openConfiguredDatabase } from '../app/open-database';
import { readSettings } from '../app/settings';
import { migrate } from '../persistence/migrate';
import { runCli } from './run-cli';

await runCli(async () => {
  const database = await openConfiguredDatabase(readSettings());
  try {
    const applied = await migrate(database);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
  } finally {
    await database.close();
  }
});
