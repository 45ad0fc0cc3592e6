/** The external systems the use cases may call; each is optional. */
import type { KycProviderSettings } from './kyc-provider/create-kyc-applicant';
import type { ScreeningSettings } from './screening/screen-client';

export interface Integrations {
  screening: ScreeningSettings | null;
  kycProvider: KycProviderSettings | null;
}

export const NO_INTEGRATIONS: Integrations = { screening: null, kycProvider: null };
