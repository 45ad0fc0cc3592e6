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
import { depositCreditEntry } from '../domain/ledger/entries';
import { money } from '../domain/ledger/money';
import { newId } from '../persistence/ids';
import { postEntry } from '../persistence/ledger/ledger-repository';
import { hashPassword } from '../security/passwords';
import type { AppContext } from '../usecases/app-context';
import { SYSTEM_REQUEST } from '../usecases/app-context';
import { createStaff, temporaryPassword } from '../usecases/staff/create-staff';
import { inTransaction } from '../usecases/unit-of-work';

export interface DemoLogins {
  note: string;
  staff: { email: string; password: string; roles: StaffRole[] }[];
  client: { email: string; password: string };
  /** A verified client with money in the wallet and a bank account on file, to try withdrawals at once. */
  trader?: { email: string; password: string };
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
    trader: { email: 'trader@demo.traderoom.invalid', password: temporaryPassword() },
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
  await seedDemoTrader(ctx, entity.id, country, logins.trader!);
  writeFileSync(file, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  return logins;
}

/** A one-page PDF the demo trader's documents show (demo only: no real document). */
const DEMO_DOCUMENT = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * A verified trader: a complete profile, an identity document and a proof of
 * address on file and accepted, an approved onboarding case, a card deposit of
 * 2,500.00 credited and a SEPA bank account on file. Each step writes the
 * audit event its use case writes, so the timeline and the point-in-time view
 * read the record as it is.
 */
async function seedDemoTrader(ctx: AppContext, entityId: string, country: string, login: { email: string; password: string }): Promise<void> {
  const passwordHash = await hashPassword(login.password);
  const method = ctx.config.entities.find((e) => e.id === entityId)?.paymentMethods.find((m) => m.kind === 'card' && m.directions.includes('deposit'));
  const currency = method?.currencies[0] ?? 'EUR';
  const file = await ctx.files.put(DEMO_DOCUMENT);
  await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    const id = newId(uow.now.getTime());
    const actor = { actorType: 'system' as const, actorId: SEEDER.id, clientId: id };
    await uow.trx
      .insertInto('client')
      .values({
        id, email: login.email, password_hash: passwordHash, first_name: 'Theo', last_name: 'Trader', country, client_type: 'individual', entity_id: entityId,
        status: 'active', verification_level: 'verified', language: 'en', email_verified_at: uow.now, kyc_verified_at: uow.now, created_at: uow.now, updated_at: uow.now,
      })
      .execute();
    await uow.audit({
      ...actor, action: 'client.registered', subjectType: 'client', subjectId: id,
      newValues: { email: login.email, firstName: 'Theo', lastName: 'Trader', country, entityId, clientType: 'individual', language: 'en', status: 'email_verified' },
      note: 'Demo trader created by the demo seed (demo data only).',
    });
    const profile = {
      legal_name: { firstName: 'Theo', lastName: 'Trader' }, date_of_birth: '1985-06-15', nationality: country,
      residential_address: { line1: '1 Demo Street', city: 'Demo City', postalCode: '1000', country }, tax_residence: country, tax_number: 'DEMO-123456',
      employment_status: 'employed', source_of_funds: 'salary', trading_experience: '1_to_3_years',
    };
    await uow.trx.insertInto('client_profile').values({ client_id: id, fields: JSON.stringify(profile), updated_at: uow.now }).execute();
    await uow.audit({ ...actor, action: 'client.profile_updated', subjectType: 'client', subjectId: id, newValues: profile });
    const documentIds: string[] = [];
    for (const [documentType, dates] of [['passport', { expiry_date: '2032-06-30', issue_date: null }], ['proof_of_address', { expiry_date: null, issue_date: uow.now.toISOString().slice(0, 10) }]] as const) {
      const documentId = newId(uow.now.getTime());
      documentIds.push(documentId);
      await uow.trx
        .insertInto('document')
        .values({
          id: documentId, client_id: id, document_type: documentType, version: 1, status: 'approved', file_sha256: file.sha256, mime_type: 'application/pdf',
          size_bytes: BigInt(DEMO_DOCUMENT.length), file_name: `demo-${documentType}.pdf`, ...dates, uploaded_at: uow.now, reviewed_at: uow.now,
        })
        .execute();
      const fileValues = { documentType, version: 1, sha256: file.sha256, sizeBytes: DEMO_DOCUMENT.length, mimeType: 'application/pdf', fileName: `demo-${documentType}.pdf`, issueDate: dates.issue_date, expiryDate: dates.expiry_date };
      await uow.audit({ ...actor, action: 'document.uploaded', subjectType: 'document', subjectId: documentId, newValues: { ...fileValues, status: 'uploaded' } });
      await uow.audit({ ...actor, action: 'document.approved', subjectType: 'document', subjectId: documentId, oldValues: { status: 'uploaded' }, newValues: { status: 'approved', documentType, version: 1 } });
    }
    const caseId = newId(uow.now.getTime());
    await uow.trx
      .insertInto('kyc_case')
      .values({
        id: caseId, client_id: id, entity_id: entityId, country, kind: 'onboarding', status: 'approved', risk_level: 'low', opened_at: uow.now, submitted_at: uow.now,
        decided_at: uow.now, decided_by: `system:${SEEDER.id}`, updated_at: uow.now,
      })
      .execute();
    await uow.audit({
      ...actor, action: 'kyc_case.approved', subjectType: 'kyc_case', subjectId: caseId, oldValues: { caseStatus: 'pending' },
      newValues: { caseStatus: 'approved', clientStatus: 'active', verificationLevel: 'verified', kind: 'onboarding', documentsApproved: documentIds },
      note: 'Approved by the demo seed (demo data only).',
    });
    if (method) {
      const depositId = newId(uow.now.getTime());
      const amount = money(250_000n, currency);
      const credit = await postEntry(uow.trx, depositCreditEntry({ ref: { type: 'deposit', id: depositId }, clientId: id, providerId: method.provider, amount }), {
        now: uow.now,
        createdBy: `system:${SEEDER.id}`,
      });
      await uow.trx
        .insertInto('deposit')
        .values({
          id: depositId, client_id: id, entity_id: entityId, method_id: method.id, method_kind: method.kind, provider_id: method.provider,
          amount_minor: amount.amountMinor, currency, status: 'credited', provider_reference: 'demo-seed', payer_name: 'Theo Trader',
          credit_entry_id: credit.entryId, created_at: uow.now, updated_at: uow.now, confirmed_at: uow.now, credited_at: uow.now,
        })
        .execute();
    }
    await uow.trx
      .insertInto('payout_destination')
      .values({
        id: newId(uow.now.getTime()), client_id: id, kind: 'bank_account', label: 'IBAN CY17 …1234', holder_name: 'Theo Trader',
        details: JSON.stringify({ iban: 'CY17002001280000001200527600' }), name_match: 'match', status: 'active', usable_from: uow.now,
        created_at: uow.now, created_by: `system:${SEEDER.id}`, updated_at: uow.now,
      })
      .execute();
  });
}
