/** Opens the database the settings point at: PostgreSQL with DATABASE_URL, else the embedded one under DATA_DIR. */
import { openDatabase, type Database } from '../persistence/database';
import type { Settings } from './settings';

export function openConfiguredDatabase(settings: Pick<Settings, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  return settings.databaseUrl
    ? openDatabase({ kind: 'postgres', url: settings.databaseUrl })
    : openDatabase({ kind: 'pglite', dataDir: settings.dataDir });
}
