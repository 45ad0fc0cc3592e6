/**
 * The client profile fields an entity may require, per client type. Fixed in
 * code because the portal renders a form input for each and the database
 * stores each; the configuration only chooses which ones are required.
 */
export const INDIVIDUAL_PROFILE_FIELDS = [
  'legal_name',
  'date_of_birth',
  'nationality',
  'residential_address',
  'tax_residence',
  'tax_number',
  'employment_status',
  'source_of_funds',
  'trading_experience',
] as const;

export const CORPORATE_PROFILE_FIELDS = [
  'company_name',
  'registration_number',
  'incorporation_country',
  'registered_address',
  'directors',
  'beneficial_owners',
  'source_of_funds',
] as const;

export type IndividualProfileField = (typeof INDIVIDUAL_PROFILE_FIELDS)[number];
export type CorporateProfileField = (typeof CORPORATE_PROFILE_FIELDS)[number];
export type ProfileField = IndividualProfileField | CorporateProfileField;

/** English labels, for the client's next-step text ("Add your date of birth"). */
export const PROFILE_FIELD_LABELS: Readonly<Record<ProfileField, string>> = {
  legal_name: 'legal name',
  date_of_birth: 'date of birth',
  nationality: 'nationality',
  residential_address: 'residential address',
  tax_residence: 'tax residence',
  tax_number: 'tax identification number',
  employment_status: 'employment status',
  source_of_funds: 'source of funds',
  trading_experience: 'trading experience',
  company_name: 'company name',
  registration_number: 'company registration number',
  incorporation_country: 'country of incorporation',
  registered_address: 'registered address',
  directors: 'directors',
  beneficial_owners: 'beneficial owners',
};
