/** Pure questions asked of a validated configuration. */
import type { Country, DocumentType, Entity, TraderoomConfig } from './schema';

export function findEntity(config: TraderoomConfig, id: string): Entity | undefined {
  return config.entities.find((entity) => entity.id === id);
}

export function findCountry(config: TraderoomConfig, code: string): Country | undefined {
  return config.countries.find((country) => country.code === code);
}

export function findDocumentType(config: TraderoomConfig, id: string): DocumentType | undefined {
  return config.documentTypes.find((documentType) => documentType.id === id);
}

/**
 * The entity a client from this country registers with: the first entity, in
 * `entities` order, that the country allows. Undefined: registration refused.
 * Codes are matched exactly (upper case, as validated).
 */
export function entityForCountry(config: Pick<TraderoomConfig, 'entities' | 'countries'>, countryCode: string): Entity | undefined {
  const country = config.countries.find((candidate) => candidate.code === countryCode);
  if (country === undefined) return undefined;
  return config.entities.find((entity) => country.entities[entity.id] === 'allow');
}

/** Countries a client may register from, sorted by name (the registration form's list). */
export function registrationCountries(config: TraderoomConfig): Country[] {
  return config.countries
    .filter((country) => entityForCountry(config, country.code) !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
}
