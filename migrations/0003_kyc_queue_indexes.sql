-- KYC queue indexes, sized with `npm run bench:kyc-queue` (1,000,000 cases,
-- ~16 % waiting for a reviewer, ~22 % open). See bench/kyc-queue.ts.
--
-- The queue page (listKycQueue) reads the states tagged needs_review
-- (pending, under_review, escalated) with `status IN (…)` and orders by
-- submitted_at or sla_due_at, then id. The 0002 indexes lead with status, so
-- an IN list of three states cannot return rows in that order: PostgreSQL
-- read every waiting case and sorted it (~120 ms). Partial indexes on exactly
-- the waiting states, keyed by the sort order, let it read the first 51 rows
-- in order and stop.
--
-- The counts (cases per open state over the filtered set) cannot stop early:
-- they visit every matching open case. Small partial indexes on the open
-- states (draft, pending, under_review, more_documents_required, escalated)
-- keep that an index-only scan over a few MB instead of the 60 MB full-table
-- indexes; those keyed only by low-cardinality columns are deduplicated by
-- the B-tree (about 1.5 MB each for 220,000 open cases).
--
-- The state lists below must match kycCaseMachine's tags `needs_review` and
-- `open`. If the machine changes, queries stay correct but these indexes stop
-- matching (the planner proves a query's `status IN (…)` implies an index's
-- predicate only when the lists agree): change them in a new migration.

-- Page, default view (oldest first), minAgeHours (a range on submitted_at),
-- the cursor's next pages, and filters on entity, risk or assignee (few enough
-- rows are skipped while walking this index in order).
CREATE INDEX kyc_case_review_age_idx ON kyc_case (submitted_at, id)
  WHERE status IN ('pending', 'under_review', 'escalated');

-- Page sorted by SLA due time.
CREATE INDEX kyc_case_review_sla_idx ON kyc_case (sla_due_at, id)
  WHERE status IN ('pending', 'under_review', 'escalated');

-- Page filtered by country, by age or by SLA: a small country would otherwise
-- mean walking thousands of other countries' cases in the index above.
CREATE INDEX kyc_case_review_country_age_idx ON kyc_case (country, submitted_at, id)
  WHERE status IN ('pending', 'under_review', 'escalated');
CREATE INDEX kyc_case_review_country_sla_idx ON kyc_case (country, sla_due_at, id)
  WHERE status IN ('pending', 'under_review', 'escalated');

-- Counts without a filter (the default view): every open case, grouped by status.
CREATE INDEX kyc_case_open_status_idx ON kyc_case (status)
  WHERE status IN ('draft', 'pending', 'under_review', 'more_documents_required', 'escalated');

-- Counts filtered by one of entity, risk level, assignee ('me', a staff id, or
-- 'unassigned' = IS NULL): a range of one small deduplicated index each.
CREATE INDEX kyc_case_open_entity_idx ON kyc_case (entity_id, status)
  WHERE status IN ('draft', 'pending', 'under_review', 'more_documents_required', 'escalated');
CREATE INDEX kyc_case_open_risk_idx ON kyc_case (risk_level, status)
  WHERE status IN ('draft', 'pending', 'under_review', 'more_documents_required', 'escalated');
CREATE INDEX kyc_case_open_assignee_idx ON kyc_case (assignee_id, status)
  WHERE status IN ('draft', 'pending', 'under_review', 'more_documents_required', 'escalated');

-- Counts filtered by minAgeHours: a range on submitted_at inside each state.
CREATE INDEX kyc_case_open_age_idx ON kyc_case (status, submitted_at)
  WHERE status IN ('draft', 'pending', 'under_review', 'more_documents_required', 'escalated');

-- Counts filtered by a combination of filters (and every count of staff
-- limited to some entities, whose queries always filter on entity): every
-- filter column is in the index, so no combination reads the table, and none
-- costs more than a scan of its states' entries. Entity first, then country
-- and risk, so that entity + country + risk is a narrow range in each state.
CREATE INDEX kyc_case_open_filters_idx ON kyc_case (status, entity_id, country, risk_level, assignee_id, submitted_at)
  WHERE status IN ('draft', 'pending', 'under_review', 'more_documents_required', 'escalated');
