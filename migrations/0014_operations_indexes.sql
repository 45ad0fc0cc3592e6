-- Operations view (SPEC §10): the period figures read ranges of time, so each
-- gets an index on the instant it is filtered by; without them every
-- overview would scan the whole deposit, withdrawal and step tables.
-- Partial where the instant is often NULL, so only rows that count are indexed.
-- The queue figures (open items now) use the queues' own partial indexes
-- (0003, 0006, 0007, 0011, 0012).

-- KYC decisions in a period: submission → decision, decided late.
CREATE INDEX kyc_case_decided_idx ON kyc_case (decided_at) INCLUDE (entity_id)
  WHERE decided_at IS NOT NULL;

-- Deposit rates: started (failure rate), confirmed (auto-credit rate), credited (chargeback rate);
-- deposit decisions export (decided).
CREATE INDEX deposit_created_idx ON deposit (created_at) INCLUDE (entity_id);
CREATE INDEX deposit_confirmed_idx ON deposit (confirmed_at) INCLUDE (entity_id) WHERE confirmed_at IS NOT NULL;
CREATE INDEX deposit_credited_idx ON deposit (credited_at) INCLUDE (entity_id) WHERE credited_at IS NOT NULL;
CREATE INDEX deposit_decided_idx ON deposit (decided_at) WHERE decided_at IS NOT NULL;

-- Withdrawals: requested (export), paid (request → paid), steps in a period (time per stage),
-- payout attempts in a period (failure and return rates).
CREATE INDEX withdrawal_created_idx ON withdrawal (created_at, id) INCLUDE (entity_id);
CREATE INDEX withdrawal_paid_idx ON withdrawal (paid_at) INCLUDE (entity_id) WHERE paid_at IS NOT NULL;
CREATE INDEX withdrawal_step_at_idx ON withdrawal_step (at);
CREATE INDEX withdrawal_payout_created_idx ON withdrawal_payout (created_at);
