/**
 * FICTIONAL sanctions and PEP records for the yente simulator.
 *
 * Every name, date, identifier and position below was invented for
 * Traderoom's tests and demo. Surnames are built from words meaning
 * "example", "test", "dummy", "placeholder" and so on, so that no record can
 * be mistaken for a real listing. No OpenSanctions data is shipped here
 * (OpenSanctions data is CC BY-NC; see PROTOCOLS.md §8).
 */
import type { FtmEntity } from './ftm';

export const SANCTIONS_DATASET = 'tr_fictional_sanctions';
export const PEPS_DATASET = 'tr_fictional_peps';

const NOTE = 'FICTIONAL record for Traderoom tests and demos. Not a real person or company.';
const SEEN = '2024-01-15T09:00:00';

interface PersonSpec {
  id: string;
  name: string;
  aliases?: string[];
  weakAliases?: string[];
  firstName?: string;
  lastName?: string;
  birthDate?: string;
  nationality?: string[];
  topics: string[];
  position?: string;
  idNumber?: string;
}

interface CompanySpec {
  id: string;
  name: string;
  aliases?: string[];
  registrationNumber?: string;
  jurisdiction?: string;
  topics: string[];
  incorporationDate?: string;
}

function compact(props: Record<string, (string | undefined)[] | undefined>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(props)) {
    const list = (values ?? []).filter((v): v is string => typeof v === 'string' && v.length > 0);
    if (list.length) out[key] = list;
  }
  return out;
}

function datasetsFor(topics: string[]): string[] {
  return topics.includes('role.pep') ? [PEPS_DATASET] : [SANCTIONS_DATASET];
}

export function fictionalPerson(spec: PersonSpec): FtmEntity {
  return {
    id: spec.id,
    caption: spec.name,
    schema: 'Person',
    properties: compact({
      name: [spec.name],
      alias: spec.aliases,
      weakAlias: spec.weakAliases,
      firstName: [spec.firstName],
      lastName: [spec.lastName],
      birthDate: [spec.birthDate],
      nationality: spec.nationality,
      topics: spec.topics,
      position: [spec.position],
      idNumber: [spec.idNumber],
      notes: [NOTE],
    }),
    datasets: datasetsFor(spec.topics),
    referents: [`${spec.id}-src`],
    target: true,
    first_seen: SEEN,
    last_seen: SEEN,
    last_change: SEEN,
  };
}

export function fictionalCompany(spec: CompanySpec): FtmEntity {
  return {
    id: spec.id,
    caption: spec.name,
    schema: 'Company',
    properties: compact({
      name: [spec.name],
      alias: spec.aliases,
      registrationNumber: [spec.registrationNumber],
      jurisdiction: [spec.jurisdiction],
      country: [spec.jurisdiction],
      topics: spec.topics,
      incorporationDate: [spec.incorporationDate],
      notes: [NOTE],
    }),
    datasets: datasetsFor(spec.topics),
    referents: [`${spec.id}-src`],
    target: true,
    first_seen: SEEN,
    last_seen: SEEN,
    last_change: SEEN,
  };
}

const SANCTIONED_PERSONS: FtmEntity[] = [
  fictionalPerson({
    id: 'tr-sim-p-fictiyyah',
    name: 'Mohammed Al-Fictiyyah',
    aliases: ['Muhammad al Fictiyya', 'Mohamed Alfictiyah', 'محمد الفكتية'],
    firstName: 'Mohammed',
    lastName: 'Al-Fictiyyah',
    birthDate: '1971-03-14',
    nationality: ['jo'],
    topics: ['sanction'],
    idNumber: 'FICT-P-0001',
  }),
  fictionalPerson({
    id: 'tr-sim-p-testovsky',
    name: 'Yevgeny Testovsky',
    aliases: ['Evgeniy Testovskiy', 'Евгений Тестовский', 'Jewgeni Testowski'],
    firstName: 'Yevgeny',
    lastName: 'Testovsky',
    birthDate: '1965-11-02',
    nationality: ['ru'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-placeholder',
    name: 'Anna Placeholder',
    firstName: 'Anna',
    lastName: 'Placeholder',
    nationality: ['mt'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-fictorenko',
    name: 'Viktor Fictorenko',
    aliases: ['Віктор Фікторенко', 'Viktor Fiktorenko', 'Wiktor Fiktorenko'],
    birthDate: '1969-08-19',
    nationality: ['ua'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-testari',
    name: 'Hussein Abdul-Testari',
    aliases: ['Husain Abdel Testari', 'Hussain Abd al-Testari'],
    birthDate: '1962',
    nationality: ['iq'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-solplacebo',
    name: 'Kim Sol-Placebo',
    aliases: ['Kim Sol Plasebo'],
    birthDate: '1980-01-01',
    nationality: ['kp'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-mockovych',
    name: 'Oleksandr Mockovych',
    aliases: ['Aleksandr Mokovich', 'Олександр Моккович'],
    birthDate: '1973-09-30',
    nationality: ['by'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-ejemplo',
    name: 'Ramón Ejemplo Núñez',
    aliases: ['Ramon Ejemplo Nunez'],
    weakAliases: ['El Ejemplo'],
    birthDate: '1967-02-28',
    nationality: ['ve'],
    topics: ['sanction', 'crime'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-sampleyev',
    name: 'Dmitri Sampleyev',
    aliases: ['Dmitriy Sampleev', 'Дмитрий Самплеев'],
    birthDate: '1977-05-05',
    nationality: ['ru'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-imaginari',
    name: 'Ahmad Yusuf Imaginari',
    aliases: ['Ahmed Youssef Imaginary'],
    birthDate: '1983-12-24',
    nationality: ['ly'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-dummyova',
    name: 'Nadia Dummyova',
    aliases: ['Надя Даммиова', 'Nadya Dummiova'],
    birthDate: '1975',
    nationality: ['by'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-ornekoglu',
    name: 'Mehmet Örnekoğlu',
    aliases: ['Mehmet Ornekoglu', 'Muhammed Ornekoglu'],
    birthDate: '1979-06-11',
    nationality: ['tr'],
    topics: ['sanction'],
  }),
  fictionalPerson({
    id: 'tr-sim-p-exemplescu',
    name: 'Ioana Exemplescu',
    birthDate: '1984-10-21',
    nationality: ['ro'],
    topics: ['crime'],
  }),
];

const SANCTIONED_COMPANIES: FtmEntity[] = [
  fictionalCompany({
    id: 'tr-sim-c-fictional-horizon',
    name: 'Fictional Horizon Trading LLC',
    aliases: ['Horizon Fictional Trade FZE'],
    registrationNumber: 'FX-000111',
    jurisdiction: 'ae',
    topics: ['sanction'],
    incorporationDate: '2011-05-01',
  }),
  fictionalCompany({
    id: 'tr-sim-c-testovsky-metals',
    name: 'Testovsky Metals JSC',
    aliases: ['АО Тестовский Металл', 'Testovskiy Metally'],
    registrationNumber: '1027700000001',
    jurisdiction: 'ru',
    topics: ['sanction'],
  }),
  fictionalCompany({
    id: 'tr-sim-c-imaginary-shipping',
    name: 'Imaginary Shipping Lines Ltd',
    aliases: ['Imaginary Maritime'],
    registrationNumber: 'HE-000042',
    jurisdiction: 'cy',
    topics: ['sanction'],
  }),
  fictionalCompany({
    id: 'tr-sim-c-placebo-petroleum',
    name: 'Placebo Petroleum Company',
    aliases: ['Plasebo Petrol Co'],
    registrationNumber: 'PP-77',
    jurisdiction: 'ir',
    topics: ['sanction'],
  }),
  fictionalCompany({
    id: 'tr-sim-c-dummy-capital',
    name: 'Dummy Capital Partners SA',
    registrationNumber: 'PA-155555',
    jurisdiction: 'pa',
    topics: ['sanction'],
  }),
  fictionalCompany({
    id: 'tr-sim-c-mockingbird-arms',
    name: 'Mockingbird Arms Trading',
    aliases: ['Mokingberd Arms'],
    jurisdiction: 'kp',
    topics: ['sanction'],
  }),
  fictionalCompany({
    id: 'tr-sim-c-sampleton-exchange',
    name: 'Sampleton Crypto Exchange OÜ',
    aliases: ['Sampleton Exchange'],
    registrationNumber: '00000000',
    jurisdiction: 'ee',
    topics: ['sanction', 'crime'],
  }),
  fictionalCompany({
    id: 'tr-sim-c-nullpoint-logistics',
    name: 'Nullpoint Logistics FZCO',
    registrationNumber: 'NP-9090',
    jurisdiction: 'ae',
    topics: ['sanction'],
  }),
];

const PEPS: FtmEntity[] = [
  fictionalPerson({
    id: 'tr-sim-pep-ficticia',
    name: 'Carlota Ñandú Ficticia',
    aliases: ['Carlota Nandu Ficticia'],
    birthDate: '1966-04-01',
    nationality: ['ar'],
    topics: ['role.pep'],
    position: 'Minister of Imaginary Affairs (fictional)',
  }),
  fictionalPerson({
    id: 'tr-sim-pep-placeholderov',
    name: 'Sergei Placeholderov',
    aliases: ['Sergey Placeholderov', 'Сергей Плейсхолдеров'],
    birthDate: '1970-02-02',
    nationality: ['ru'],
    topics: ['role.pep'],
    position: 'Deputy Governor of an imaginary region',
  }),
  fictionalPerson({
    id: 'tr-sim-pep-testwell-obi',
    name: 'Amara Testwell-Obi',
    birthDate: '1979-09-09',
    nationality: ['ng'],
    topics: ['role.pep'],
    position: 'Member of the Fictional National Assembly',
  }),
  fictionalPerson({
    id: 'tr-sim-pep-beispielmann',
    name: 'Hans-Jürgen Beispielmann',
    aliases: ['Hans Juergen Beispielmann'],
    birthDate: '1960-10-10',
    nationality: ['de'],
    topics: ['role.pep'],
    position: 'State Secretary (fictional)',
  }),
  fictionalPerson({
    id: 'tr-sim-pep-elmithali',
    name: 'Fatima Zahra El-Mithali',
    aliases: ['Fatma Zahra Elmithali'],
    birthDate: '1974-07-07',
    nationality: ['ma'],
    topics: ['role.pep'],
    position: 'Ambassador to Examplestan (fictional)',
  }),
  fictionalPerson({
    id: 'tr-sim-pep-exemplo',
    name: 'Pedro Exemplo da Silva-Teste',
    aliases: ['Pedro Exemplo Silva Teste'],
    birthDate: '1972-12-12',
    nationality: ['br'],
    topics: ['role.pep'],
    position: 'Mayor of a fictional municipality',
  }),
  fictionalPerson({
    id: 'tr-sim-pep-probnikova',
    name: 'Olga Probnikova',
    aliases: ['Ольга Пробникова'],
    birthDate: '1981-03-03',
    nationality: ['kz'],
    topics: ['role.pep'],
    position: 'Head of a fictional state agency',
  }),
  fictionalPerson({
    id: 'tr-sim-pep-paradeigmatis',
    name: 'Giorgos Paradeigmatis',
    aliases: ['Γιώργος Παραδειγματής', 'Yiorgos Paradigmatis'],
    birthDate: '1968-08-08',
    nationality: ['gr'],
    topics: ['role.pep'],
    position: 'Fictional Member of Parliament',
  }),
];

/** The default list the simulator starts with (29 records). */
export const FICTIONAL_ENTITIES: readonly FtmEntity[] = [...SANCTIONED_PERSONS, ...SANCTIONED_COMPANIES, ...PEPS];

/**
 * Not on the default list: add it with `simulator.addEntities([LATE_ADDITION])`
 * to show a list update turning a previously clean client into a hit.
 */
export const LATE_ADDITION: FtmEntity = fictionalPerson({
  id: 'tr-sim-p-latecomer',
  name: 'Quentin Latecomer',
  aliases: ['Kwentin Latekomer'],
  birthDate: '1988-02-29',
  nationality: ['gb'],
  topics: ['sanction'],
});
