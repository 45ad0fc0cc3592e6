-- The queue counts (0003) are index-only scans, fast only while the visibility
-- map is fresh. With default settings a 1M-row kyc_case is vacuumed only after
-- ~200,000 changes, by when the counts have slowed 3-5x (bench:kyc-queue --churn).
-- Vacuum it after every few hundred changes instead.
ALTER TABLE kyc_case SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 500,
  autovacuum_vacuum_insert_scale_factor = 0,
  autovacuum_vacuum_insert_threshold = 500,
  autovacuum_analyze_scale_factor = 0.02
);
