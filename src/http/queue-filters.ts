/**
 * The filters of each back-office queue, as query schemas: the queue page's
 * endpoint adds its cursor, the CSV export takes them as they are, so an
 * export always accepts exactly what the page does.
 */
import { z } from 'zod';
import { DEPOSIT_QUEUE_SORTS, DEPOSIT_STATES } from '../usecases/deposits/deposit-review-queue';
import { QUEUE_SORTS } from '../usecases/kyc/kyc-queue';
import { WITHDRAWAL_QUEUE_NAMES } from '../usecases/withdrawals/list-withdrawals';

const entity = z.string().max(64).optional();
const currency = z.string().regex(/^[A-Z]{3}$/).optional();

export const kycQueueFilters = z.strictObject({
  entity,
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  risk: z.enum(['low', 'medium', 'high']).optional(),
  status: z.enum(['draft', 'pending', 'under_review', 'more_documents_required', 'escalated', 'approved', 'rejected']).optional(),
  assignee: z.string().max(64).optional(),
  minAgeHours: z.coerce.number().min(0).max(24 * 365).optional(),
  sort: z.enum(QUEUE_SORTS).optional(),
});

export const depositQueueFilters = z.strictObject({
  status: z.enum(DEPOSIT_STATES).optional(),
  entity,
  currency,
  sort: z.enum(DEPOSIT_QUEUE_SORTS).optional(),
});

export const withdrawalQueueFilters = z.strictObject({
  queue: z.enum(WITHDRAWAL_QUEUE_NAMES).optional(),
  entity,
  currency,
  assignee: z.string().max(64).optional(),
  sort: z.enum(['oldest', 'newest']).optional(),
});
