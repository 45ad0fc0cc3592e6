/**
 * `npm run staff -- create --email a@b.c --role admin [--role …] [--entity eu …] [--name "…"]`
 * Creates a staff member (the first admin, typically) and prints a temporary
 * password. With the embedded database the server must be stopped first.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { localFileStore } from '../integrations/files/file-store';
import { openConfiguredDatabase } from '../app/open-database';
import { mailerFor, startRuntime } from '../app/runtime';
import { readSettings } from '../app/settings';
import { loadConfig } from '../config/load-config';
import { ValidationError } from '../domain/errors';
import { isStaffRole, STAFF_ROLES, type StaffRole } from '../domain/roles';
import { SYSTEM_REQUEST } from '../usecases/app-context';
import { createStaff } from '../usecases/staff/create-staff';
import { runCli } from './run-cli';

const USAGE = `Usage: npm run staff -- create --email <email> --role <${STAFF_ROLES.join('|')}> [--role …] [--entity <id> …] [--name "<display name>"]`;

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      entity: { type: 'string', multiple: true },
      name: { type: 'string' },
    },
  });
  if (positionals[0] !== 'create' || !values.email || !values.role?.length) throw new ValidationError(USAGE);
  const roles = values.role;
  const bad = roles.filter((role) => !isStaffRole(role));
  if (bad.length) throw new ValidationError(`Unknown role ${bad.join(', ')}. ${USAGE}`);

  const settings = readSettings();
  const config = loadConfig(settings.configPath);
  const database = await openConfiguredDatabase(settings);
  const runtime = await startRuntime({ database, config, publicUrl: settings.publicUrl, mailer: mailerFor(settings, config), files: localFileStore(join(settings.dataDir, 'files')), workers: false });
  try {
    const { staff, temporaryPassword } = await createStaff(runtime.ctx, SYSTEM_REQUEST, { type: 'system', id: 'cli' }, {
      email: values.email,
      displayName: values.name ?? values.email.split('@')[0]!,
      roles: roles as StaffRole[],
      entityIds: values.entity?.length ? values.entity : 'all',
    });
    console.log(`Created ${staff.email} (${staff.roles.join(', ')}; entities: ${staff.entityIds === 'all' ? 'all' : staff.entityIds.join(', ')})`);
    console.log(`Temporary password: ${temporaryPassword}`);
    console.log(`Log in at ${settings.publicUrl}/backoffice and enrol two-factor authentication.`);
  } finally {
    await runtime.stop();
    await database.close();
  }
});
