/** The external systems the use cases may call; each is optional. */
import type { KycProviderSettings } from './kyc-provider/create-kyc-applicant';
import type { PspProviders } from './deposits/psp-settings';
import type { ScreeningSettings } from './screening/screen-client';
import type { TradingPlatform } from '../integrations/platforms';
import type { SettlementReportSource } from '../integrations/psp/settlement-report';

export interface Integrations {
  screening: ScreeningSettings | null;
  kycProvider: KycProviderSettings | null;
  /** Payment providers by configured provider id; a method whose provider is missing cannot take deposits. */
  psp: PspProviders;
  /** Trading platforms by configured platform id; a platform missing here cannot open accounts or move money. */
  platforms: Readonly<Record<string, TradingPlatform>>;
  /**
   * Settlement report sources by provider id, for reconciliation; a generic
   * provider without one here is read over its API (getSettlementReport).
   */
  settlementReports?: Readonly<Record<string, SettlementReportSource>>;
}

export const NO_INTEGRATIONS: Integrations = { screening: null, kycProvider: null, psp: {}, platforms: {} };
