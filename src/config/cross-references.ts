/**
 * Checks between sections that a per-field schema cannot see: ids are unique,
 * references resolve, and no rule is dead on arrival (a payment method no
 * client could ever be shown, an entity no country registers with). Runs only
 * once every field has the right shape.
 */
import { renderPath } from './config-path';
import { entityForCountry } from './lookups';
import type { Entity, PaymentMethod, TraderoomConfig } from './schema';

type Path = (string | number)[];

export interface ReferenceProblem {
  path: Path;
  message: string;
}

type Report = (path: Path, message: string) => void;

export function findReferenceProblems(config: TraderoomConfig): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });

  const methods = config.entities.flatMap((e, i) => e.paymentMethods.map((m, k) => ({ m, path: ['entities', i, 'paymentMethods', k] })));
  uniqueIds(config.entities.map((e, i) => [e.id, ['entities', i]]), 'entity id', 'id', report);
  uniqueIds(methods.map(({ m, path }) => [m.id, path]), 'payment method id', 'id', report);
  config.entities.forEach((entity, i) => checkEntity(config, entity, ['entities', i], report));

  uniqueIds(config.countries.map((c, i) => [c.code, ['countries', i]]), 'country', 'code', report);
  config.countries.forEach((country, i) => {
    for (const [entityId, access] of Object.entries(country.entities)) {
      const path = ['countries', i, 'entities', entityId];
      if (!config.entities.some((entity) => entity.id === entityId)) report(path, `unknown entity "${entityId}"`);
      else if (country.risk === 'prohibited' && access === 'allow') {
        report(path, `country "${country.code}" is prohibited, so it must block every entity`);
      }
    }
  });

  uniqueIds(config.documentTypes.map((d, i) => [d.id, ['documentTypes', i]]), 'document type id', 'id', report);

  uniqueIds(config.platforms.map((p, i) => [p.id, ['platforms', i]]), 'platform id', 'id', report);
  config.platforms.forEach((platform, i) =>
    platform.groups.forEach((group, k) => {
      const path = ['platforms', i, 'groups', k];
      const entity = config.entities.find((e) => e.id === group.entity);
      if (!entity) report([...path, 'entity'], `unknown entity "${group.entity}"`);
      else if (!entity.baseCurrencies.includes(group.currencies[0]!)) {
        report([...path, 'currencies'], `${group.currencies[0]} is not a base currency of entity "${entity.id}" (${entity.baseCurrencies.join(', ')})`);
      }
    }),
  );
  uniqueIds(config.paymentProviders.map((p, i) => [p.id, ['paymentProviders', i]]), 'payment provider id', 'id', report);
  const reasons = config.kyc.rejectionReasons;
  uniqueIds(reasons.map((r, i) => [r.code, ['kyc', 'rejectionReasons', i]]), 'rejection reason', 'code', report);

  const { deposits, withdrawals } = config.reviewRules;
  checkThresholds(config, deposits.reviewOverMinor, ['reviewRules', 'deposits', 'reviewOverMinor'], report);
  checkThresholds(config, withdrawals.supervisorOverMinor, ['reviewRules', 'withdrawals', 'supervisorOverMinor'], report);
  return problems;
}

/** Reports each repeat at `<item path>.<key>`, naming where the id first appeared. */
function uniqueIds(items: [string, Path][], what: string, key: string, report: Report): void {
  const first = new Map<string, Path>();
  for (const [id, path] of items) {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, path);
    else report([...path, key], `duplicate ${what} "${id}" (first at ${renderPath(earlier)})`);
  }
}

function checkEntity(config: TraderoomConfig, entity: Entity, at: Path, report: Report): void {
  for (const clientType of ['individual', 'corporate'] as const) {
    entity.clientTypes[clientType]?.requiredDocuments.forEach((slot, j) => {
      for (const id of slot.anyOf) {
        if (!config.documentTypes.some((doc) => doc.id === id)) {
          report([...at, 'clientTypes', clientType, 'requiredDocuments', j, 'anyOf'], `unknown document type "${id}"`);
        }
      }
    });
  }

  const homeCountries = config.countries.filter((c) => entityForCountry(config, c.code) === entity).map((c) => c.code);
  if (homeCountries.length === 0) {
    report(
      at,
      `no country registers clients with entity "${entity.id}": ` +
        'every country blocks it, leaves it out, or allows an earlier entity first',
    );
  }
  entity.paymentMethods.forEach((method, k) => {
    checkPaymentMethod(config, entity, method, homeCountries, [...at, 'paymentMethods', k], report);
  });
}

function checkPaymentMethod(
  config: TraderoomConfig,
  entity: Entity,
  method: PaymentMethod,
  homeCountries: string[],
  at: Path,
  report: Report,
): void {
  const provider = config.paymentProviders.find((p) => p.id === method.provider);
  if (provider === undefined) report([...at, 'provider'], `unknown payment provider "${method.provider}"`);
  else if (provider.kind !== method.kind) {
    report([...at, 'kind'], `"${method.kind}" does not match the kind of provider "${provider.id}" ("${provider.kind}")`);
  }

  for (const code of method.currencies) {
    if (!entity.baseCurrencies.includes(code)) {
      report([...at, 'currencies'], `currency "${code}" is not a base currency of entity "${entity.id}"`);
    }
    if (method.limits[code] === undefined) report([...at, 'limits'], `missing limits for "${code}"`);
  }
  for (const code of Object.keys(method.limits)) {
    if (!method.currencies.includes(code)) report([...at, 'limits', code], `currency "${code}" is not in this method's currencies`);
  }

  for (const clientType of method.clientTypes ?? []) {
    if (entity.clientTypes[clientType] === undefined) {
      report([...at, 'clientTypes'], `client type "${clientType}" is not offered by entity "${entity.id}"`);
    }
  }

  const allow = method.countries?.allow;
  const block = method.countries?.block ?? [];
  for (const [list, codes] of [['allow', allow ?? []], ['block', block]] as const) {
    for (const code of codes) {
      const path = [...at, 'countries', list];
      if (!config.countries.some((c) => c.code === code)) report(path, `country "${code}" is not in countries`);
      else if (list === 'block' && allow?.includes(code)) report(path, `country "${code}" is both allowed and blocked`);
    }
  }

  if (homeCountries.length === 0) return; // already reported on the entity
  const visibleIn = homeCountries.filter((code) => (allow?.includes(code) ?? true) && !block.includes(code));
  if (visibleIn.length > 0) return;
  const why =
    allow !== undefined
      ? `none of its allowed countries registers clients with entity "${entity.id}" ` +
        `(${allow.map((code) => `${code}: ${registersWith(config, code)}`).join(', ')})`
      : `it blocks every country that registers clients with entity "${entity.id}" (${homeCountries.join(', ')})`;
  report([...at, 'countries'], `payment method "${method.id}" can never be visible: ${why}`);
}

function registersWith(config: TraderoomConfig, code: string): string {
  const entity = entityForCountry(config, code);
  return entity === undefined ? 'no entity' : `entity "${entity.id}"`;
}

/** An amount rule with no threshold for a base currency would silently never fire for it. */
function checkThresholds(config: TraderoomConfig, thresholds: Record<string, number>, at: Path, report: Report): void {
  const seen = new Set<string>();
  for (const entity of config.entities) {
    for (const code of entity.baseCurrencies) {
      if (seen.has(code)) continue;
      seen.add(code);
      if (thresholds[code] === undefined) report(at, `missing threshold for "${code}" (a base currency of entity "${entity.id}")`);
    }
  }
}
