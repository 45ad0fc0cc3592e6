/**
 * Synthetic applicants: names, where they live, their profile answers and
 * the dates on their documents, all drawn from the client's own stream.
 */
import { EMPLOYMENT_STATUSES, SOURCES_OF_FUNDS, TRADING_EXPERIENCE_LEVELS } from '../domain/kyc/profile-answers';
import { epochDayOfIsoDate, isoDateOfEpochDay } from '../domain/sla/zoned-time';
import { BEHAVIOUR } from './behaviour';
import type { Random } from './random';
import type { SimClient } from './sim-world';

const FIRST_NAMES = ['Anna', 'Lukas', 'Marie', 'Jonas', 'Sofia', 'Omar', 'Aisha', 'Kwame', 'Priya', 'Mateo', 'Elena', 'Yusuf', 'Chloe', 'Tariq', 'Zanele', 'Piotr'];
const LAST_NAMES = ['Keller', 'Dubois', 'Garcia', 'Nowak', 'Ahmed', 'Okafor', 'Khan', 'Smith', 'Naidoo', 'Rossi', 'Papadopoulos', 'Haddad', 'Schmidt', 'Martin'];
const CITIES: Readonly<Record<string, string>> = {
  DE: 'Berlin', FR: 'Lyon', ES: 'Valencia', CY: 'Limassol', PL: 'Kraków', GB: 'Leeds', AE: 'Dubai', ZA: 'Durban', NG: 'Lagos', PK: 'Lahore',
};

export const CLIENT_PASSWORD = 'simulated client passphrase';

export function newSimClient(index: number, rng: Random, registeredAt: number): SimClient {
  const country = rng.weighted(BEHAVIOUR.countries);
  return {
    index,
    email: `client-${String(index).padStart(6, '0')}@simulation.traderoom.invalid`,
    firstName: rng.pick(FIRST_NAMES),
    lastName: rng.pick(LAST_NAMES),
    country,
    rng,
    id: null,
    entityId: null,
    registeredAt,
    submittedAt: null,
    approvedAt: null,
    idExpiresSoon: rng.chance(BEHAVIOUR.idExpiringSoon),
    idType: rng.weighted([['passport', 6], ['national_id', 3], ['driving_licence', 1]] as const),
    documentsUploaded: 0,
  };
}

export function plusDays(isoDate: string, days: number): string {
  return isoDateOfEpochDay(epochDayOfIsoDate(isoDate)! + days);
}

/** Every individual field; the engine stores what the client's entity asks for and more. */
export function profileOf(client: SimClient, today: string): Record<string, unknown> {
  const rng = client.rng;
  return {
    legal_name: { firstName: client.firstName, lastName: client.lastName },
    date_of_birth: plusDays(today, -rng.int(20 * 365, 70 * 365)),
    nationality: client.country,
    residential_address: { line1: `${rng.int(1, 200)} Main Street`, city: CITIES[client.country] ?? 'Capital', postalCode: String(rng.int(10000, 99999)), country: client.country },
    tax_residence: client.country,
    tax_number: `TX ${rng.int(100000, 999999)}`,
    employment_status: rng.pick(EMPLOYMENT_STATUSES),
    source_of_funds: rng.pick(SOURCES_OF_FUNDS),
    trading_experience: rng.pick(TRADING_EXPERIENCE_LEVELS),
  };
}
