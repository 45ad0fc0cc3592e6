/** Single-use tokens sent by email (verification, password reset). Only their digest is stored. */
import type { Transaction } from 'kysely';
import { ValidationError } from '../../domain/errors';
import type { DB } from '../../persistence/schema';
import { newToken, tokenDigest } from '../../security/tokens';

type Purpose = 'email_verification' | 'password_reset';

export async function issueOneTimeToken(
  trx: Transaction<DB>,
  purpose: Purpose,
  clientId: string,
  now: Date,
  validMs: number,
): Promise<string> {
  const token = newToken();
  // A new link makes earlier unused links of the same purpose useless.
  await trx
    .updateTable('one_time_token')
    .set({ used_at: now })
    .where('client_id', '=', clientId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await trx
    .insertInto('one_time_token')
    .values({ token_hash: tokenDigest(token), purpose, client_id: clientId, expires_at: new Date(now.getTime() + validMs), used_at: null, created_at: now })
    .execute();
  return token;
}

/** Marks the token used and returns its client id; refuses unknown, used or expired tokens alike. */
export async function consumeOneTimeToken(trx: Transaction<DB>, purpose: Purpose, token: string, now: Date): Promise<string> {
  const row = await trx
    .updateTable('one_time_token')
    .set({ used_at: now })
    .where('token_hash', '=', tokenDigest(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('client_id')
    .executeTakeFirst();
  if (!row) throw new ValidationError('This link is invalid or has expired. Ask for a new one.', undefined, 'token_invalid');
  return row.client_id;
}
