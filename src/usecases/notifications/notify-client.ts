/**
 * The one way a use case tells a client that one of their requests changed
 * status: one `email.send` job in the use case's own transaction (so the
 * email goes if and only if the change commits), in the client's language.
 * Whether to send, and which template, is decided by the machine's
 * `notify.client` effect and the client-facing status
 * (src/domain/notifications/client-status-emails.ts).
 *
 * The payload holds only what the client may read: the amount, the
 * document's name, and a client-facing reason (words for a reason code, or a
 * message a reviewer wrote for the client). Staff notes never go in.
 */
import { findDocumentType } from '../../config/lookups';
import type { Money } from '../../domain/ledger/money';
import { type ClientRequestKind, type StatusEmailTemplate, statusEmailTemplate } from '../../domain/notifications/client-status-emails';
import { formatClientMoney } from '../../domain/payments/client-money-format';
import { type ReasonLanguage, reasonText } from '../../integrations/email/status-email-reasons';
import type { AppContext } from '../app-context';
import type { UnitOfWork } from '../unit-of-work';

export interface ClientStatusChange {
  kind: ClientRequestKind;
  clientId: string;
  /** Machine state before the change; null when the client has just made the request. */
  from: string | null;
  /** Machine state after the change. */
  to: string;
  /** Effects of the transition that was fired (or REQUEST_CREATED_EFFECTS). */
  effects: readonly string[];
  /** A reason code the client is told in words (deposit, withdrawal and document reasons). */
  reasonCode?: string | null;
  /** Text written for the client (a reviewer's client message, the documents asked for). Never a staff note. */
  clientMessage?: string | null;
  amount?: Money;
  documentType?: string;
}

const PAGE: Record<ClientRequestKind, string> = { document: '/documents', kyc: '/', deposit: '/funds', withdrawal: '/funds' };

/** Left-to-right isolate, so an amount or a name keeps its order inside right-to-left text. */
const isolate = (language: ReasonLanguage, text: string) => (language === 'ar' ? `\u2066${text}\u2069` : text);

function reasonFor(language: ReasonLanguage, change: ClientStatusChange): string {
  const message = change.clientMessage?.trim() || null;
  const words = change.kind === 'kyc' ? null : change.reasonCode !== undefined ? reasonText(language, change.kind, change.reasonCode) : null;
  return [words, message].filter(Boolean).join(' ');
}

/** Queues the email for a status change, when the client is to be told; returns the template queued, or null. */
export async function notifyClient(ctx: AppContext, uow: UnitOfWork, change: ClientStatusChange): Promise<StatusEmailTemplate | null> {
  const template = statusEmailTemplate(change.kind, change.from, change.to, change.effects);
  if (!template) return null;
  const client = await uow.trx.selectFrom('client').select(['email', 'first_name', 'language']).where('id', '=', change.clientId).executeTakeFirstOrThrow();
  const language: ReasonLanguage = client.language === 'ar' ? 'ar' : 'en';
  const documentName = change.documentType ? (findDocumentType(ctx.config, change.documentType)?.name ?? change.documentType) : null;
  await uow.enqueue('email.send', {
    template,
    to: client.email,
    language,
    variables: {
      firstName: client.first_name,
      brokerName: ctx.config.broker.name,
      link: `${ctx.publicUrl}${PAGE[change.kind]}`,
      ...(change.amount ? { amount: isolate(language, formatClientMoney(change.amount)) } : {}),
      ...(documentName ? { document: isolate(language, documentName) } : {}),
      reason: reasonFor(language, change),
    },
  });
  return template;
}
