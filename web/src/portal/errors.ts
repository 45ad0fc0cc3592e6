import type { ApiError } from '../api/client';
import { t, tOptional } from '../i18n';

/** The client-facing text for an API error: translated by code, else the server's message. */
export function portalErrorMessage(error: ApiError): string {
  const translated = tOptional(`error.${error.code}`);
  if (translated) return translated;
  if (error.status === 429) return t('error.rate_limited');
  if (Object.keys(error.fields).length > 0) return t('form.fixErrors');
  return error.message || t('form.unknownError');
}
