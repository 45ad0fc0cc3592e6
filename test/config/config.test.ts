import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError, DEMO_CONFIG_PATH, loadConfig, parseConfig } from '../../src/config/load-config';
import { entityForCountry, findCountry, findDocumentType, findEntity, registrationCountries } from '../../src/config/lookups';
import { INDIVIDUAL_PROFILE_FIELDS } from '../../src/config/profile-fields';
import { isKnownCurrency } from '../../src/config/currencies';

type Node = Record<string, unknown>;

/** The demo file as plain data, before validation: each bad case breaks one thing in a fresh copy. */
const demoData = parse(readFileSync(DEMO_CONFIG_PATH, 'utf8')) as Node;

/** Walks a dotted path (`entities.1.paymentMethods.0`) to the parent of its last segment. */
function parentOf(root: Node, path: string): [Node, string] {
  const segments = path.split('.');
  const last = segments.pop() as string;
  let node: Node = root;
  for (const segment of segments) node = node[segment] as Node;
  return [node, last];
}

function set(root: Node, path: string, value: unknown): void {
  const [parent, key] = parentOf(root, path);
  parent[key] = value;
}

function remove(root: Node, path: string): void {
  const [parent, key] = parentOf(root, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else Reflect.deleteProperty(parent, key);
}

function get(root: Node, path: string): unknown {
  const [parent, key] = parentOf(root, path);
  return parent[key];
}

/** Parses `text` and returns the ConfigError's message (fails the test if it parses). */
function errorOf(text: string): string {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

function breakDemo(mutate: (config: Node) => void): string {
  const config = structuredClone(demoData);
  mutate(config);
  return errorOf(stringify(config));
}

const report = (...lines: string[]) => ['Invalid configuration test.yaml:', ...lines.map((line) => `  ${line}`)].join('\n');

describe('demo configuration', () => {
  it('loads by default and validates', () => {
    const config = loadConfig();
    expect(config.broker.name).toBe('Traderoom Demo Markets');
    expect(config.entities.map((entity) => entity.id)).toEqual(['eu', 'offshore']);
    expect(config.paymentProviders.map((provider) => provider.id)).toEqual(['demo_card', 'demo_local_bank', 'demo_wire']);
  });

  it('loads the file named by TRADEROOM_CONFIG when no path is given', () => {
    const previous = process.env.TRADEROOM_CONFIG;
    process.env.TRADEROOM_CONFIG = '/nonexistent/traderoom.yaml';
    try {
      expect(() => loadConfig()).toThrow('Invalid configuration /nonexistent/traderoom.yaml:\n  (file): cannot be read: ENOENT');
    } finally {
      if (previous === undefined) delete process.env.TRADEROOM_CONFIG;
      else process.env.TRADEROOM_CONFIG = previous;
    }
  });

  it('fills defaults: document MIME types and size, client password length', () => {
    const config = structuredClone(demoData);
    remove(config, 'clients.passwordMinLength');
    const parsed = parseConfig(stringify(config), 'test.yaml');
    expect(parsed.clients.passwordMinLength).toBe(10);
    expect(findDocumentType(parsed, 'passport')).toMatchObject({
      acceptedMimeTypes: ['image/jpeg', 'image/png', 'application/pdf'],
      maxBytes: 10 * 1024 * 1024,
    });
    expect(findDocumentType(parsed, 'proof_of_address')).toMatchObject({ maxAgeDays: 90, issueDateRequired: true });
  });

  it('is frozen, so run-time code cannot change policy by accident', () => {
    const config = loadConfig();
    expect(() => {
      (config.reviewRules.deposits.reviewOverMinor as Record<string, number>).EUR = 0;
    }).toThrow(TypeError);
  });
});

describe('lookups', () => {
  const config = loadConfig();

  it('maps a country to the first entity that allows it', () => {
    expect(entityForCountry(config, 'CY')?.id).toBe('eu');
    expect(entityForCountry(config, 'NG')?.id).toBe('offshore');
    expect(entityForCountry(config, 'GB')?.id).toBe('offshore');
  });

  it('maps no entity for a country blocked everywhere, prohibited, or not configured', () => {
    expect(entityForCountry(config, 'US')).toBeUndefined();
    expect(entityForCountry(config, 'KP')).toBeUndefined();
    expect(entityForCountry(config, 'BR')).toBeUndefined();
  });

  it('respects entity order when two entities allow a country', () => {
    const both = structuredClone(demoData);
    set(both, 'countries.0.entities.offshore', 'allow'); // CY
    expect(entityForCountry(parseConfig(stringify(both), 'test.yaml'), 'CY')?.id).toBe('eu');
  });

  it('lists registration countries sorted by name, without blocked ones', () => {
    expect(registrationCountries(config).map((country) => country.code)).toEqual(['CY', 'FR', 'DE', 'NG', 'PK', 'PL', 'ZA', 'ES', 'AE', 'GB']);
  });

  it('finds entities, countries and document types by id', () => {
    expect(findEntity(config, 'offshore')?.leverageCaps).toEqual({ individual: 500, corporate: 200 });
    expect(findEntity(config, 'nope')).toBeUndefined();
    expect(findCountry(config, 'KP')?.risk).toBe('prohibited');
    expect(findDocumentType(config, 'passport')?.expiryRequired).toBe(true);
  });

  it('knows ISO currencies only', () => {
    expect(isKnownCurrency('JPY')).toBe(true);
    expect(isKnownCurrency('USDT')).toBe(false);
    expect(isKnownCurrency('constructor')).toBe(false);
  });
});

describe('a bad configuration is refused with the field named', () => {
  const individualFields = INDIVIDUAL_PROFILE_FIELDS.join(', ');
  const cases: [string, (config: Node) => void, string[]][] = [
    [
      'unknown currency in a payment method',
      (c) => set(c, 'entities.1.paymentMethods.0.currencies', ['USD', 'USX']),
      ['entities[1].paymentMethods[0].currencies: unknown currency "USX"'],
    ],
    ['unknown base currency', (c) => set(c, 'entities.0.baseCurrencies', ['EUR', 'EURO']), ['entities[0].baseCurrencies: unknown currency "EURO"']],
    ['duplicate currency', (c) => set(c, 'entities.0.baseCurrencies', ['EUR', 'EUR']), ['entities[0].baseCurrencies: duplicate currency "EUR"']],
    [
      'unknown currency in a review threshold',
      (c) => set(c, 'reviewRules.deposits.reviewOverMinor.USX', 100),
      ['reviewRules.deposits.reviewOverMinor.USX: unknown currency "USX"'],
    ],
    ['unknown key', (c) => set(c, 'entities.0.paymentMethods.0.maxAmount', 5), ['entities[0].paymentMethods[0].maxAmount: unknown key']],
    ['unknown top-level section', (c) => set(c, 'platformz', []), ['platformz: unknown key']],
    ['missing required field', (c) => remove(c, 'sla.workingHours.timezone'), ['sla.workingHours.timezone: required']],
    ['missing staff role description', (c) => remove(c, 'staff.roles.admin'), ['staff.roles.admin: required']],
    ['unknown staff role', (c) => set(c, 'staff.roles.auditor', { label: 'A', description: 'B' }), ['staff.roles.auditor: unknown key']],
    ['missing SLA target', (c) => remove(c, 'sla.targets.withdrawal_payout'), ['sla.targets.withdrawal_payout: required']],
    ['bad timezone', (c) => set(c, 'sla.workingHours.timezone', 'Europe/Nicosa'), ['sla.workingHours.timezone: unknown time zone "Europe/Nicosa"']],
    ['working hours end before start', (c) => set(c, 'sla.workingHours.end', '08:30'), ['sla.workingHours.end: must be after start (09:00)']],
    ['bad clock time', (c) => set(c, 'sla.workingHours.start', '9am'), ['sla.workingHours.start: must be a time HH:MM (00:00–23:59)']],
    ['impossible holiday', (c) => set(c, 'sla.holidays.0', '2026-02-30'), ['sla.holidays[0]: "2026-02-30" is not a date YYYY-MM-DD']],
    ['non-positive SLA target', (c) => set(c, 'sla.targets.kyc_review.workingHours', 0), ['sla.targets.kyc_review.workingHours: must be greater than 0']],
    [
      'limits min greater than max',
      (c) => set(c, 'entities.0.paymentMethods.1.limits.EUR', { minMinor: 5000, maxMinor: 100 }),
      ['entities[0].paymentMethods[1].limits.EUR: minMinor (5000) is greater than maxMinor (100)'],
    ],
    ['fractional minor units', (c) => set(c, 'entities.0.paymentMethods.1.limits.EUR.minMinor', 10.5), ['entities[0].paymentMethods[1].limits.EUR.minMinor: must be an integer']],
    [
      'limits for a currency the method does not take',
      (c) => set(c, 'entities.0.paymentMethods.1.limits.USD', { minMinor: 1000, maxMinor: 2000 }),
      ['entities[0].paymentMethods[1].limits.USD: currency "USD" is not in this method\'s currencies'],
    ],
    ['currency without limits', (c) => remove(c, 'entities.0.paymentMethods.0.limits.USD'), ['entities[0].paymentMethods[0].limits: missing limits for "USD"']],
    [
      'method currency that is not a base currency of the entity',
      (c) => {
        set(c, 'entities.0.paymentMethods.0.currencies', ['EUR', 'USD', 'GBP']);
        set(c, 'entities.0.paymentMethods.0.limits.GBP', { minMinor: 1000, maxMinor: 2000 });
      },
      ['entities[0].paymentMethods[0].currencies: currency "GBP" is not a base currency of entity "eu"'],
    ],
    [
      'duplicate document type id',
      (c) => (get(c, 'documentTypes') as unknown[]).push(structuredClone(get(c, 'documentTypes.0'))),
      ['documentTypes[10].id: duplicate document type id "passport" (first at documentTypes[0])'],
    ],
    [
      'duplicate payment method id across entities',
      (c) => set(c, 'entities.1.paymentMethods.2.id', 'eu_wire'),
      ['entities[1].paymentMethods[2].id: duplicate payment method id "eu_wire" (first at entities[0].paymentMethods[2])'],
    ],
    [
      'duplicate country',
      (c) => (get(c, 'countries') as unknown[]).push(structuredClone(get(c, 'countries.0'))),
      ['countries[12].code: duplicate country "CY" (first at countries[0])'],
    ],
    [
      'duplicate payment provider id',
      (c) => set(c, 'paymentProviders.2.id', 'demo_card'),
      [
        'entities[0].paymentMethods[2].provider: unknown payment provider "demo_wire"',
        'entities[1].paymentMethods[2].provider: unknown payment provider "demo_wire"',
        'paymentProviders[2].id: duplicate payment provider id "demo_card" (first at paymentProviders[0])',
      ],
    ],
    [
      'duplicate entity id',
      (c) => {
        set(c, 'entities.1.id', 'eu');
        for (const country of get(c, 'countries') as Node[]) delete (country.entities as Node).offshore;
        set(c, 'platforms', []);
      },
      [
        'entities[1].id: duplicate entity id "eu" (first at entities[0])',
        'entities[1]: no country registers clients with entity "eu": every country blocks it, leaves it out, or allows an earlier entity first',
      ],
    ],
    [
      'duplicate rejection reason',
      (c) => set(c, 'kyc.rejectionReasons.1.code', 'document_unreadable'),
      ['kyc.rejectionReasons[1].code: duplicate rejection reason "document_unreadable" (first at kyc.rejectionReasons[0])'],
    ],
    ['unknown provider', (c) => set(c, 'entities.0.paymentMethods.0.provider', 'demo_crd'), ['entities[0].paymentMethods[0].provider: unknown payment provider "demo_crd"']],
    [
      'provider of another kind',
      (c) => set(c, 'entities.0.paymentMethods.0.provider', 'demo_wire'),
      ['entities[0].paymentMethods[0].kind: "card" does not match the kind of provider "demo_wire" ("wire")'],
    ],
    ['country refers to an unknown entity', (c) => set(c, 'countries.0.entities.eux', 'allow'), ['countries[0].entities.eux: unknown entity "eux"']],
    [
      'prohibited country allowed',
      (c) => set(c, 'countries.11.entities.offshore', 'allow'),
      ['countries[11].entities.offshore: country "KP" is prohibited, so it must block every entity'],
    ],
    ['bad country code', (c) => set(c, 'countries.0.code', 'XX'), ['countries[0].code: unknown country code "XX" (ISO 3166-1 alpha-2, upper case)']],
    ['bad country risk', (c) => set(c, 'countries.0.risk', 'severe'), ['countries[0].risk: must be one of: low, medium, high, prohibited']],
    [
      'unknown document type in required documents',
      (c) => set(c, 'entities.0.clientTypes.individual.requiredDocuments.0.anyOf', ['pasport', 'national_id']),
      ['entities[0].clientTypes.individual.requiredDocuments[0].anyOf: unknown document type "pasport"'],
    ],
    [
      'profile field of the other client type',
      (c) => set(c, 'entities.0.clientTypes.individual.requiredFields.0', 'company_name'),
      [`entities[0].clientTypes.individual.requiredFields[0]: unknown individual profile field "company_name" (one of: ${individualFields})`],
    ],
    ['entity without client types', (c) => set(c, 'entities.0.clientTypes', {}), ['entities[0].clientTypes: at least one client type (individual or corporate) is required']],
    [
      'method for a client type the entity does not serve',
      (c) => {
        remove(c, 'entities.1.clientTypes.individual');
        set(c, 'entities.1.paymentMethods.1.clientTypes', ['individual']);
      },
      ['entities[1].paymentMethods[1].clientTypes: client type "individual" is not offered by entity "offshore"'],
    ],
    [
      'method only allowed in countries of other entities',
      (c) => set(c, 'entities.0.paymentMethods.1.countries', { allow: ['GB', 'US'] }),
      [
        'entities[0].paymentMethods[1].countries: payment method "eu_sepa" can never be visible: none of its allowed countries registers clients with entity "eu" (GB: entity "offshore", US: no entity)',
      ],
    ],
    [
      'method blocking every country of its entity',
      (c) => set(c, 'entities.0.paymentMethods.1.countries', { block: ['CY', 'DE', 'FR', 'ES', 'PL'] }),
      ['entities[0].paymentMethods[1].countries: payment method "eu_sepa" can never be visible: it blocks every country that registers clients with entity "eu" (CY, DE, FR, ES, PL)'],
    ],
    [
      'method country not configured',
      (c) => set(c, 'entities.1.paymentMethods.1.countries', { allow: ['AE', 'BR'] }),
      ['entities[1].paymentMethods[1].countries.allow: country "BR" is not in countries'],
    ],
    [
      'method country both allowed and blocked',
      (c) => set(c, 'entities.1.paymentMethods.1.countries', { allow: ['AE', 'ZA'], block: ['ZA'] }),
      ['entities[1].paymentMethods[1].countries.block: country "ZA" is both allowed and blocked'],
    ],
    [
      'entity no country registers with',
      (c) => {
        for (const country of get(c, 'countries') as Node[]) (country.entities as Node).offshore = 'block';
      },
      ['entities[1]: no country registers clients with entity "offshore": every country blocks it, leaves it out, or allows an earlier entity first'],
    ],
    [
      'missing deposit review threshold for a base currency',
      (c) => remove(c, 'reviewRules.deposits.reviewOverMinor.USD'),
      ['reviewRules.deposits.reviewOverMinor: missing threshold for "USD" (a base currency of entity "eu")'],
    ],
    [
      'missing supervisor threshold for a base currency',
      (c) => remove(c, 'reviewRules.withdrawals.supervisorOverMinor.EUR'),
      ['reviewRules.withdrawals.supervisorOverMinor: missing threshold for "EUR" (a base currency of entity "eu")'],
    ],
    [
      'maximum document age without an issue date',
      (c) => set(c, 'documentTypes.3.issueDateRequired', false),
      ['documentTypes[3].issueDateRequired: must be true when maxAgeDays is set (the age is counted from the issue date)'],
    ],
    ['unsupported upload type', (c) => set(c, 'documentTypes.0.acceptedMimeTypes', ['image/gif']), ['documentTypes[0].acceptedMimeTypes[0]: must be one of: image/jpeg, image/png, application/pdf']],
    ['high risk reviewed less often than medium', (c) => set(c, 'recheck.periodicReviewDays.high', 800), ['recheck.periodicReviewDays.high: must not be longer than medium (730)']],
    ['client password shorter than 10', (c) => set(c, 'clients.passwordMinLength', 8), ['clients.passwordMinLength: must be at least 10']],
    ['no rejection reasons', (c) => set(c, 'kyc.rejectionReasons', []), ['kyc.rejectionReasons: must not be empty']],
    ['bad language', (c) => set(c, 'broker.defaultLanguage', 'fr'), ['broker.defaultLanguage: must be one of: en, ar']],
    ['bad email', (c) => set(c, 'broker.supportEmail', 'support'), ['broker.supportEmail: must be an email address']],
    ['bad id', (c) => set(c, 'documentTypes.0.id', 'Passport'), ['documentTypes[0].id: must be a lowercase id: a letter, then letters, digits or _ (at most 64)']],
    ['wrong type', (c) => set(c, 'entities.0.leverageCaps', 30), ['entities[0].leverageCaps: expected a mapping, got number']],
    ['platform group of an unknown entity', (c) => set(c, 'platforms.0.groups.0.entity', 'mars'), ['platforms[0].groups[0].entity: unknown entity "mars"']],
    [
      'platform group in a currency the entity does not hold',
      (c) => set(c, 'platforms.0.groups.0.currencies', ['GBP']),
      ['platforms[0].groups[0].currencies: GBP is not a base currency of entity "eu" (EUR, USD)'],
    ],
    ['platform group with two currencies', (c) => set(c, 'platforms.0.groups.0.currencies', ['EUR', 'USD']), ['platforms[0].groups[0].currencies: must have at most 1 items']],
  ];

  it.each(cases)('%s', (_name, mutate, lines) => {
    expect(breakDemo(mutate)).toBe(report(...lines));
  });

  it('reports every problem, one line each', () => {
    const message = breakDemo((c) => {
      set(c, 'broker.defaultLanguage', 'fr');
      remove(c, 'sla.workingHours.timezone');
    });
    expect(message).toBe(report('broker.defaultLanguage: must be one of: en, ar', 'sla.workingHours.timezone: required'));
  });

  it('exposes the issues as data', () => {
    try {
      breakDemoStrict();
    } catch (error) {
      expect((error as ConfigError).issues).toEqual([{ path: 'entities[1].paymentMethods[0].currencies', message: 'unknown currency "USX"' }]);
      return;
    }
    throw new Error('expected a ConfigError');
  });

  it('turns YAML syntax errors into ConfigError with line and column', () => {
    expect(errorOf('broker:\n  name: a\n  name: b\n')).toBe(report('line 3, column 3: Map keys must be unique'));
    expect(errorOf('entities: [eu, offshore\n')).toBe(
      report('line 2, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]'),
    );
  });

  it('refuses an empty file and a document that is not a mapping', () => {
    expect(errorOf('')).toBe(report('(root): the configuration is empty'));
    expect(errorOf('- broker\n')).toBe(report('(root): expected a mapping, got a list'));
  });
});

function breakDemoStrict(): void {
  const config = structuredClone(demoData);
  set(config, 'entities.1.paymentMethods.0.currencies', ['USD', 'USX']);
  parseConfig(stringify(config), 'test.yaml');
}
