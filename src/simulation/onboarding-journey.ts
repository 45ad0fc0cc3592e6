/**
 * A synthetic client's way through onboarding, on the real use cases:
 * register → open the email link → profile → documents (the engine refuses
 * an expired ID or a stale proof of address; the client tries again) →
 * submit → the compliance queue. Later: answer a request for documents, or
 * ongoing due diligence asking for a new ID before the old one expires.
 */
import type { Actor } from '../domain/roles';
import type { EmailJob } from '../jobs/job-types';
import { registerClient } from '../usecases/clients/register-client';
import { verifyClientEmail } from '../usecases/clients/verify-client-email';
import { SYSTEM_REQUEST } from '../usecases/app-context';
import { runDueDiligence } from '../usecases/due-diligence/run-due-diligence';
import { brokerToday } from '../usecases/onboarding/onboarding-facts';
import { submitKyc } from '../usecases/onboarding/submit-kyc';
import { updateProfile } from '../usecases/onboarding/update-profile';
import { uploadDocument } from '../usecases/onboarding/upload-document';
import { BEHAVIOUR, type Delay } from './behaviour';
import type { StaffPools } from './staff-pools';
import { CLIENT_PASSWORD, plusDays, profileOf } from './synthetic-clients';
import { syntheticPdf } from './synthetic-documents';
import type { SimClient, World } from './sim-world';

export interface Model {
  world: World;
  pools: StaffPools;
}

export function clientActor(client: SimClient): Actor {
  return { type: 'client', id: client.id!, entityId: client.entityId! };
}

export function delay(client: SimClient, d: Delay): number {
  return client.rng.lognormal(d.median, d.sigma);
}

export async function arrive(m: Model, client: SimClient): Promise<void> {
  const { world } = m;
  const registered = await world.attempt('register', () =>
    registerClient(world.ctx, SYSTEM_REQUEST, { email: client.email, password: CLIENT_PASSWORD, country: client.country, clientType: 'individual', firstName: client.firstName, lastName: client.lastName }),
  );
  if (!registered.ok) return;
  world.metrics.count('clients registered');
  const row = await world.ctx.db.selectFrom('client').select(['id', 'entity_id']).where('email', '=', client.email).executeTakeFirstOrThrow();
  client.id = row.id;
  client.entityId = row.entity_id;
  world.clientsById.set(row.id, client);
  const mail = registered.jobs.find((j) => j.name === 'email.send')?.data as EmailJob | undefined;
  const token = mail?.variables.link?.split('token=')[1];
  if (!token) throw new Error('registration sent no verification link');
  if (!client.rng.chance(BEHAVIOUR.emailVerified)) {
    world.metrics.count('never opened the email link');
    return;
  }
  world.after(delay(client, BEHAVIOUR.emailVerifyDelay), async () => {
    const verified = await world.attempt('verify email', () => verifyClientEmail(world.ctx, SYSTEM_REQUEST, token));
    if (!verified.ok) return;
    world.metrics.count('emails verified');
    if (!client.rng.chance(BEHAVIOUR.completesApplication)) {
      world.metrics.count('abandoned before applying');
      return;
    }
    world.after(delay(client, BEHAVIOUR.applicationDelay), () => apply(m, client));
  });
}

async function apply(m: Model, client: SimClient): Promise<void> {
  const { world } = m;
  const today = brokerToday(world.ctx.config, new Date(world.now()));
  const profile = await world.attempt('update profile', () => updateProfile(world.ctx, SYSTEM_REQUEST, clientActor(client), profileOf(client, today)));
  if (!profile.ok) return;
  const id = client.rng.chance(BEHAVIOUR.uploadsExpiredId) ? 'expired' : 'valid';
  const poa = client.rng.chance(BEHAVIOUR.uploadsStaleProofOfAddress) ? 'stale' : 'valid';
  await uploadDocuments(m, client, { id, poa });
}

type Upload = 'valid' | 'expired' | 'stale' | 'done';

/** Uploads what is still missing; a refused file is tried again (valid this time) after a while. */
async function uploadDocuments(m: Model, client: SimClient, pending: { id: Upload; poa: Upload }): Promise<void> {
  const { world } = m;
  const next = { ...pending };
  if (pending.id !== 'done') next.id = (await uploadId(world, client, pending.id === 'expired')) ? 'done' : 'valid';
  if (pending.poa !== 'done') next.poa = (await uploadProofOfAddress(world, client, pending.poa === 'stale')) ? 'done' : 'valid';
  if (next.id !== 'done' || next.poa !== 'done') {
    world.after(delay(client, BEHAVIOUR.retryUploadDelay), () => uploadDocuments(m, client, next));
    return;
  }
  await submit(m, client);
}

async function uploadId(world: World, client: SimClient, expired: boolean): Promise<boolean> {
  const today = brokerToday(world.ctx.config, new Date(world.now()));
  const days = expired ? -client.rng.int(1, 300) : client.idExpiresSoon ? client.rng.int(15, 45) : client.rng.int(400, 3000);
  client.documentsUploaded += 1;
  const result = await world.attempt('upload identity document', () =>
    uploadDocument(world.ctx, SYSTEM_REQUEST, clientActor(client), {
      documentType: client.idType,
      fileName: `${client.idType}.pdf`,
      declaredMimeType: 'application/pdf',
      bytes: syntheticPdf(`${client.email} ${client.idType} ${client.documentsUploaded}`),
      expiryDate: plusDays(today, days),
    }),
  );
  world.metrics.count(result.ok ? 'identity documents accepted at upload' : 'identity documents refused at upload');
  return result.ok;
}

async function uploadProofOfAddress(world: World, client: SimClient, stale: boolean): Promise<boolean> {
  const today = brokerToday(world.ctx.config, new Date(world.now()));
  client.documentsUploaded += 1;
  const result = await world.attempt('upload proof of address', () =>
    uploadDocument(world.ctx, SYSTEM_REQUEST, clientActor(client), {
      documentType: 'proof_of_address',
      fileName: 'utility-bill.pdf',
      declaredMimeType: 'application/pdf',
      bytes: syntheticPdf(`${client.email} proof of address ${client.documentsUploaded}`),
      issueDate: plusDays(today, stale ? -client.rng.int(100, 300) : -client.rng.int(1, 60)),
    }),
  );
  world.metrics.count(result.ok ? 'proofs of address accepted at upload' : 'proofs of address refused at upload');
  return result.ok;
}

async function submit(m: Model, client: SimClient): Promise<void> {
  const { world } = m;
  const submitted = await world.attempt('submit application', () => submitKyc(world.ctx, SYSTEM_REQUEST, clientActor(client)));
  if (!submitted.ok) return;
  world.metrics.count('applications submitted');
  client.submittedAt = world.now();
  await m.pools.enqueue('kyc_review', submitted.value.caseId, { client });
}

/** Compliance asked for a new identity document (unreadable, or expiring): the client sends one, or never does. */
export function answerDocumentRequest(m: Model, client: SimClient): void {
  if (!client.rng.chance(BEHAVIOUR.answersDocumentRequest)) {
    m.world.metrics.count('document requests left unanswered');
    return;
  }
  m.world.after(delay(client, BEHAVIOUR.documentRequestDelay), async () => {
    client.idExpiresSoon = false;
    if (await uploadId(m.world, client, false)) await submit(m, client);
  });
}

/** The daily ongoing-due-diligence pass (the real job's use case), then the clients it asked for documents. */
export async function dueDiligence(m: Model): Promise<void> {
  const { world } = m;
  const now = new Date(world.now());
  const report = await runDueDiligence(world.ctx, now);
  world.jobs.take();
  world.metrics.count('due diligence: re-check cases opened', report.recheckCasesOpened);
  world.metrics.count('due diligence: documents lapsed', report.documentsLapsed);
  world.metrics.count('due diligence: clients restricted', report.clientsRestricted);
  const opened = await world.ctx.db
    .selectFrom('kyc_case')
    .select(['client_id', 'status'])
    .where('kind', '=', 'document_recheck')
    .where('opened_at', '=', now)
    .execute();
  const clients = opened
    .filter((c) => c.status === 'more_documents_required')
    .map((c) => world.clientsById.get(c.client_id)!)
    .sort((a, b) => a.index - b.index);
  for (const client of clients) answerDocumentRequest(m, client);
}
