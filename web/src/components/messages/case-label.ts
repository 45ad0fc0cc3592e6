import type { LinkableCase, MessageCaseType } from '../../api/message-types';
import { formatDate } from '../../lib/format';
import { formatMoney } from '../../lib/money';

/** "Deposit · €100.00 · 3 Jan 2026", "Verification · 1 Feb 2026": a case as the picker and the thread name it. */
export function caseOptionLabel(c: LinkableCase, typeNames: Record<MessageCaseType, string>): string {
  const parts = [typeNames[c.type]];
  if (c.amountMinor !== null && c.currency) parts.push(formatMoney(c.amountMinor, c.currency));
  parts.push(formatDate(c.createdAt));
  return parts.join(' · ');
}
