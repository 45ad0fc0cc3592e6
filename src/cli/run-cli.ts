/** Runs a command-line entry point: known failures print one clear message and exit 1, without a stack. */
import { SettingsError } from '../app/settings';
import { ConfigError } from '../config/config-error';
import { DataDirLockedError } from '../persistence/data-dir-lock';
import { DomainError } from '../domain/errors';

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof SettingsError) {
      console.error(error.message);
    } else if (error instanceof DomainError) {
      console.error(`${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ''}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}
