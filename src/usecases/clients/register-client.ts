/**
 * A client registers: email, password, country (which decides the legal
 * entity by the configuration's rules), client type, name. The record starts
 * in `registered` and an email verification link goes out through the outbox.
 */
import { entityForCountry } from '../../config/lookups';
import { ValidationError } from '../../domain/errors';
import { clientAccountMachine } from '../../domain/machines/client-account-machine';
import { newId } from '../../persistence/ids';
import { hashPassword } from '../../security/passwords';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { issueOneTimeToken } from './one-time-tokens';

export interface RegisterClientInput {
  email: string;
  password: string;
  country: string;
  clientType: 'individual' | 'corporate';
  firstName: string;
  lastName: string;
  language?: 'en' | 'ar';
}

export const REGISTRATION_MESSAGE = 'Check your email: we sent you a link to confirm your address.';

export async function registerClient(ctx: AppContext, meta: RequestMeta, input: RegisterClientInput): Promise<{ message: string }> {
  const email = input.email.trim().toLowerCase();
  const entity = entityForCountry(ctx.config, input.country);
  if (!entity) {
    throw new ValidationError(
      'We cannot open accounts for residents of this country.',
      { fields: { country: 'We cannot open accounts for residents of this country.' } },
      'country_not_served',
    );
  }
  if (!entity.clientTypes[input.clientType]) {
    throw new ValidationError(
      `${entity.name} does not open ${input.clientType} accounts.`,
      { fields: { clientType: `Not offered for residents of ${input.country}.` } },
      'client_type_not_offered',
    );
  }
  const minLength = ctx.config.clients.passwordMinLength;
  if (input.password.length < minLength) {
    throw new ValidationError('The password is too short.', { fields: { password: `Use at least ${minLength} characters.` } });
  }
  if (input.password.toLowerCase().includes(email.split('@')[0]!)) {
    throw new ValidationError('The password is too easy to guess.', { fields: { password: 'Do not use your email address in the password.' } });
  }
  const passwordHash = await hashPassword(input.password);

  await inTransaction(ctx, meta, async (uow) => {
    const existing = await uow.trx.selectFrom('client').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) {
      // Same answer as a new registration, so the form does not reveal who has an account.
      await uow.audit({
        actorType: 'client',
        actorId: existing.id,
        action: 'client.registration_repeated',
        subjectType: 'client',
        subjectId: existing.id,
        clientId: existing.id,
        note: 'A registration was attempted with this email address; no change was made.',
      });
      return;
    }
    const id = newId(uow.now.getTime());
    const client = {
      id,
      email,
      password_hash: passwordHash,
      first_name: input.firstName.trim(),
      last_name: input.lastName.trim(),
      country: input.country,
      client_type: input.clientType,
      entity_id: entity.id,
      status: clientAccountMachine.initial,
      verification_level: 'none',
      language: input.language ?? ctx.config.broker.defaultLanguage,
      email_verified_at: null,
      created_at: uow.now,
      updated_at: uow.now,
    };
    // A concurrent registration with the same email loses here quietly, so the answer stays the same for both.
    const inserted = await uow.trx.insertInto('client').values(client).onConflict((oc) => oc.column('email').doNothing()).returning('id').executeTakeFirst();
    if (!inserted) return;
    const hours = ctx.config.clients.emailVerificationHours;
    const token = await issueOneTimeToken(uow.trx, 'email_verification', id, uow.now, hours * 3_600_000);
    await uow.enqueue('email.send', {
      template: 'email_verification',
      to: email,
      language: client.language,
      variables: {
        firstName: client.first_name,
        brokerName: ctx.config.broker.name,
        validHours: String(hours),
        link: `${ctx.publicUrl}/verify-email?token=${token}`,
      },
    });
    await uow.audit({
      actorType: 'client',
      actorId: id,
      action: 'client.registered',
      subjectType: 'client',
      subjectId: id,
      clientId: id,
      newValues: {
        email,
        firstName: client.first_name,
        lastName: client.last_name,
        country: client.country,
        clientType: client.client_type,
        entityId: client.entity_id,
        status: client.status,
        language: client.language,
      },
    });
  });
  return { message: REGISTRATION_MESSAGE };
}
