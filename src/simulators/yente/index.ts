export { startYenteSimulator, MAX_BATCH, DEFAULT_THRESHOLD, DEFAULT_LIMIT, MAX_EXCLUDE_ENTITY_IDS } from './simulator';
export type { YenteSimulator, YenteSimulatorOptions, YenteFault, RecordedRequest } from './simulator';
export type { FtmEntity } from './ftm';
export { FICTIONAL_ENTITIES, LATE_ADDITION, SANCTIONS_DATASET, PEPS_DATASET, fictionalPerson, fictionalCompany } from './fictional-entities';
export { compareNames, scoreCandidate, normaliseLiteral } from './scoring';
