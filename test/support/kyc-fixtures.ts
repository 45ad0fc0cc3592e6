/**
 * Direct inserts of onboarding records for tests that need a case, document
 * or hit in a given state without walking the whole flow (the flow itself is
 * tested end to end elsewhere).
 */
import { newId } from '../../src/persistence/ids';
import type { AppContext } from '../../src/usecases/app-context';

let n = 0;

export async function seedClient(ctx: AppContext, entityId = 'eu', status = 'email_verified'): Promise<string> {
  const id = newId();
  n += 1;
  const now = ctx.clock.now();
  await ctx.db
    .insertInto('client')
    .values({
      id,
      email: `seeded-${process.pid}-${n}@example.test`,
      password_hash: 'not-a-real-hash',
      first_name: 'Seeded',
      last_name: `Client${n}`,
      country: entityId === 'eu' ? 'DE' : 'ZA',
      client_type: 'individual',
      entity_id: entityId,
      status,
      verification_level: 'email_verified',
      language: 'en',
      email_verified_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function seedCase(ctx: AppContext, clientId: string, status: string, assigneeId: string | null = null): Promise<string> {
  const id = newId();
  const now = ctx.clock.now();
  const client = await ctx.db.selectFrom('client').select(['entity_id', 'country']).where('id', '=', clientId).executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('kyc_case')
    .values({
      id,
      client_id: clientId,
      entity_id: client.entity_id,
      country: client.country,
      kind: 'onboarding',
      status,
      risk_level: 'low',
      assignee_id: assigneeId,
      opened_at: now,
      submitted_at: now,
      sla_due_at: new Date(now.getTime() + 8 * 3_600_000),
      updated_at: now,
    })
    .execute();
  return id;
}

export async function seedDocument(ctx: AppContext, clientId: string, documentType = 'passport', bytes = Buffer.from('%PDF-1.4\nseeded\n%%EOF\n')): Promise<string> {
  const stored = await ctx.files.put(bytes);
  const id = newId();
  const latest = await ctx.db.selectFrom('document').select('version').where('client_id', '=', clientId).where('document_type', '=', documentType).orderBy('version', 'desc').executeTakeFirst();
  await ctx.db
    .insertInto('document')
    .values({
      id,
      client_id: clientId,
      document_type: documentType,
      version: (latest?.version ?? 0) + 1,
      status: 'uploaded',
      file_sha256: stored.sha256,
      mime_type: 'application/pdf',
      size_bytes: BigInt(bytes.length),
      file_name: `${documentType}.pdf`,
      expiry_date: '2031-01-01',
      uploaded_at: ctx.clock.now(),
    })
    .execute();
  return id;
}

export async function seedScreeningHit(ctx: AppContext, clientId: string): Promise<string> {
  const id = newId();
  n += 1;
  await ctx.db
    .insertInto('screening_hit')
    .values({
      id,
      client_id: clientId,
      match_entity_id: `fictional-${n}`,
      caption: 'Fictional Person',
      schema_name: 'Person',
      score: '0.8100',
      topics: ['sanction'],
      datasets: ['tr_fictional_sanctions'],
      explanation: 'name 0.81',
      list_version: 'test',
      status: 'open',
      created_at: ctx.clock.now(),
    })
    .execute();
  return id;
}

/** A card deposit the provider confirmed and the review rules sent to finance. */
export async function seedDepositUnderReview(ctx: AppContext, clientId: string, amountMinor = 5000n): Promise<string> {
  const id = newId();
  const now = ctx.clock.now();
  const client = await ctx.db.selectFrom('client').select(['entity_id']).where('id', '=', clientId).executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('deposit')
    .values({
      id,
      client_id: clientId,
      entity_id: client.entity_id,
      method_id: 'eu_card',
      method_kind: 'card',
      provider_id: 'demo_card',
      amount_minor: amountMinor,
      currency: 'EUR',
      status: 'under_review',
      rule_hits: JSON.stringify([{ code: 'first_deposit', detail: 'First deposit of this client' }]),
      created_at: now,
      updated_at: now,
      confirmed_at: now,
    })
    .execute();
  return id;
}
