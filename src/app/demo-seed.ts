/**
 * DEMO ONLY. On an empty database, creates one staff member per role and a
 * verified demo client, with passwords generated on the spot and saved to
 * DATA_DIR/demo-logins.json so later starts can print them again. Never runs
 * unless DEMO_SEED is on (the default only for the embedded database).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entityForCountry } from '../config/lookups';
import { STAFF_ROLES, type StaffRole } from '../domain/roles';
import { newId } from '../persistence/ids';
import { hashPassword } from '../security/passwords';
import type { AppContext } from '../usecases/app-context';
import { SYSTEM_REQUEST } from '../usecases/app-context';
import { createStaff, temporaryPassword } from '../usecases/staff/create-staff';
import { inTransaction } from '../usecases/unit-of-work';

export interface DemoLogins {
  note: string;
  staff: { email: string; password: string; roles: StaffRole[] }[];
  client: { email: string; password: string };
}

const SEEDER = { type: 'system', id: 'demo-seed' } as const;

export async function seedDemo(ctx: AppContext, dataDir: string): Promise<DemoLogins | null> {
  const file = join(dataDir, 'demo-logins.json');
  const anyStaff = await ctx.db.selectFrom('staff').select('id').limit(1).executeTakeFirst();
  if (anyStaff) return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoLogins) : null;

  const logins: DemoLogins = {
    note: 'DEMO ONLY: generated on first start of an empty embedded database. Never use in production.',
    staff: [],
    client: { email: 'client@demo.traderoom.invalid', password: temporaryPassword() },
  };
  for (const role of STAFF_ROLES) {
    const password = temporaryPassword();
    const email = `${role}@demo.traderoom.invalid`;
    await createStaff(ctx, SYSTEM_REQUEST, SEEDER, { email, displayName: `Demo ${role}`, roles: [role], entityIds: 'all', password });
    logins.staff.push({ email, password, roles: [role] });
  }
  const entity = entityForCountry(ctx.config, 'CY') ?? ctx.config.entities[0]!;
  const country = entityForCountry(ctx.config, 'CY') ? 'CY' : ctx.config.countries[0]!.code;
  const passwordHash = await hashPassword(logins.client.password);
  await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    const id = newId(uow.now.getTime());
    await uow.trx
      .insertInto('client')
      .values({
        id,
        email: logins.client.email,
        password_hash: passwordHash,
        first_name: 'Dana',
        last_name: 'Demo',
        country,
        client_type: 'individual',
        entity_id: entity.id,
        status: 'email_verified',
        verification_level: 'email_verified',
        language: 'en',
        email_verified_at: uow.now,
        created_at: uow.now,
        updated_at: uow.now,
      })
      .execute();
    await uow.audit({
      actorType: 'system',
      actorId: SEEDER.id,
      action: 'client.registered',
      subjectType: 'client',
      subjectId: id,
      clientId: id,
      newValues: { email: logins.client.email, country, entityId: entity.id, clientType: 'individual', status: 'email_verified' },
      note: 'Demo client created by the demo seed (email marked verified).',
    });
  });
  writeFileSync(file, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  return logins;
}
