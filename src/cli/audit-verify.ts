/** `npm run audit:verify`: recomputes every audit hash chain; exits 1 and names the first broken event per stream. */
import { openConfiguredDatabase } from '../app/open-database';
import { readSettings } from '../app/settings';
import { verifyAuditChains } from '../audit/verify-audit-chain';
import { runCli } from './run-cli';

await runCli(async () => {
  const database = await openConfiguredDatabase(readSettings());
  try {
    const report = await verifyAuditChains(database.db);
    if (report.breaks.length === 0) {
      console.log(`Audit trail intact: ${report.events} events in ${report.streams} streams.`);
      return;
    }
    console.error(`Audit trail BROKEN in ${report.breaks.length} of ${report.streams} streams:`);
    for (const b of report.breaks) {
      console.error(`  stream ${b.streamId}: first broken event ${b.eventId ?? '(end of stream)'} (seq ${b.seq}): ${b.problem}`);
    }
    process.exitCode = 1;
  } finally {
    await database.close();
  }
});
