/**
 * Deterministic, explainable scoring for the yente simulator. It imitates the
 * shape of yente's `logic-v2` algorithm (one best "main" feature, then
 * qualifiers that add or subtract), with simple rules instead of the real
 * name-matching machinery:
 *
 *   - same name after normalisation (case, punctuation, diacritics) → 1.0
 *   - same name after transliteration (Cyrillic/Greek → Latin, common Arabic
 *     given-name spellings, phonetic folding: Mohammed = Muhammad) → 0.95
 *   - token overlap of at least two tokens → 0.70–0.90
 *   - weak alias exact → 0.80 (`weak_alias_match`)
 *   - same identifier (idNumber, registrationNumber…) → 0.95
 *   - birth date qualifiers: different day −0.25, different year −0.15 more
 *   - nationality/country: different −0.20, same +0.05 (the bonus is a
 *     simulator extra; logic-v2 only penalises)
 */
import type { FtmEntity } from './ftm';

export interface QueryExample {
  schema: string;
  properties: Record<string, string[]>;
}

export interface FeatureExplanation {
  score: number;
  detail: string | null;
  query?: string | null;
  candidate?: string | null;
}

export interface ScoredCandidate {
  score: number;
  features: Record<string, number>;
  explanations: Record<string, FeatureExplanation>;
}

export const FEATURE_WEIGHTS: Record<string, { weight: number; qualifier: boolean; description: string }> = {
  name_match: { weight: 1.0, qualifier: false, description: 'Best name similarity (exact, transliterated or token overlap).' },
  identifier_match: { weight: 0.95, qualifier: false, description: 'An identifier (ID, registration number) is the same.' },
  weak_alias_match: { weight: 0.8, qualifier: false, description: 'The query name equals a weak alias of the candidate.' },
  country_match: { weight: 0.05, qualifier: true, description: 'Nationality or country overlaps (simulator extra).' },
  country_mismatch: { weight: -0.2, qualifier: true, description: 'Both sides have countries and none overlap.' },
  dob_year_disjoint: { weight: -0.15, qualifier: true, description: 'Birth years differ.' },
  dob_day_disjoint: { weight: -0.25, qualifier: true, description: 'Birth dates differ.' },
};

// ---------------------------------------------------------------------------
// Normalisation

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'yi',
  й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x',
  ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

const SPECIAL: Record<string, string> = { ß: 'ss', ø: 'o', ł: 'l', đ: 'd', ı: 'i', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd' };

/** Lower case, no diacritics, no punctuation, single spaces. Scripts other than Latin are kept. */
export function normaliseLiteral(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßøłđıæœþð]/g, (c) => SPECIAL[c] ?? c)
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function transliterate(literal: string): string {
  let out = '';
  for (const ch of literal) out += CYRILLIC[ch] ?? GREEK[ch] ?? ch;
  return out;
}

/** Spelling variants folded to one form (applied to whole tokens). */
const SYNONYMS: Record<string, string[]> = {
  muhammad: ['mohammed', 'mohammad', 'mohamed', 'mohamad', 'muhammed', 'muhamad', 'mouhamed', 'mohd', 'muhammet'],
  ahmad: ['ahmed', 'ahmet'],
  yusuf: ['yousef', 'youssef', 'yusef', 'yousuf', 'yosef', 'jusuf', 'yussuf'],
  husayn: ['hussein', 'husain', 'hussain', 'husein', 'hossein', 'hussayn'],
  abd_al: ['abdul', 'abdel', 'abdal', 'abdoul', 'abdulla'],
  aleksandr: ['alexander', 'alexandr', 'aleksander', 'oleksandr', 'alexandre'],
  sergey: ['sergei', 'serguei', 'serhiy', 'serhii'],
  evgeny: ['yevgeny', 'evgeniy', 'yevgeniy', 'evgenii', 'jewgeni', 'yevgeni', 'evgeni'],
  dmitry: ['dmitri', 'dmitriy', 'dmitrii'],
  fatima: ['fatma', 'fatimah'],
  giorgos: ['yiorgos', 'georgios'],
};
const SYNONYM_OF = new Map<string, string>();
for (const [canonical, variants] of Object.entries(SYNONYMS)) {
  SYNONYM_OF.set(canonical, canonical);
  for (const v of variants) SYNONYM_OF.set(v, canonical);
}

const PARTICLES = new Set(['al', 'el', 'bin', 'ibn', 'bint', 'da', 'de', 'del', 'der', 'van', 'von', 'la', 'le', 'dos', 'das']);
const LEGAL_FORMS = new Set([
  'llc', 'ltd', 'limited', 'jsc', 'pjsc', 'sa', 'fze', 'fzco', 'fzc', 'co', 'company', 'inc', 'corp', 'corporation',
  'gmbh', 'ou', 'plc', 'ag', 'bv', 'nv', 'oao', 'ooo', 'ao', 'zao', 'srl', 'spa', 'lp', 'llp',
]);

/** Phonetic folding of one Latin token so common transliteration variants collide. */
function fold(token: string): string {
  let t = token;
  t = t.replace(/sch/g, 'sh').replace(/tch/g, 'ch').replace(/kh/g, 'h').replace(/ph/g, 'f').replace(/ck/g, 'k');
  t = t.replace(/c(?!h)/g, 'k').replace(/q/g, 'k').replace(/x/g, 'ks').replace(/w/g, 'v');
  t = t.replace(/ue/g, 'u').replace(/oe/g, 'o').replace(/ae/g, 'a').replace(/ou/g, 'u').replace(/oo/g, 'u');
  t = t.replace(/[yj]/g, 'i');
  t = t.replace(/ie/g, 'e');
  t = t.replace(/(.)\1+/g, '$1');
  t = t.replace(/([aeiou])h$/, '$1');
  return t;
}

const LITERAL_CACHE = new Map<string, string>();
function literalOf(value: string): string {
  let literal = LITERAL_CACHE.get(value);
  if (literal === undefined) {
    if (LITERAL_CACHE.size > 10_000) LITERAL_CACHE.clear();
    literal = normaliseLiteral(value);
    LITERAL_CACHE.set(value, literal);
  }
  return literal;
}

const KEY_CACHE = new Map<string, { keys: string[]; core: string[] }>();

/** Tokens of a name as comparable keys (synonyms, folding), particles and legal forms marked. */
export function nameKeys(value: string): { keys: string[]; core: string[] } {
  const cached = KEY_CACHE.get(value);
  if (cached) return cached;
  const computed = computeNameKeys(value);
  if (KEY_CACHE.size > 10_000) KEY_CACHE.clear();
  KEY_CACHE.set(value, computed);
  return computed;
}

function computeNameKeys(value: string): { keys: string[]; core: string[] } {
  const latin = transliterate(normaliseLiteral(value));
  const keys: string[] = [];
  const core: string[] = [];
  for (const raw of latin.split(' ').filter(Boolean)) {
    const canonical = SYNONYM_OF.get(raw) ?? SYNONYM_OF.get(fold(raw)) ?? raw;
    const parts = canonical === 'abd_al' ? ['abd', 'al'] : [canonical];
    for (const part of parts) {
      const key = SYNONYM_OF.has(part) ? part : fold(part);
      keys.push(key);
      if (!PARTICLES.has(part) && !LEGAL_FORMS.has(part)) core.push(key);
    }
  }
  return { keys, core: core.length ? core : keys };
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const temp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = temp;
    }
  }
  return prev[b.length]!;
}

export type NameMatchKind = 'exact' | 'transliteration' | 'token_overlap' | 'partial';

/** Similarity of two names in [0, 1] and how it was reached. */
export function compareNames(query: string, candidate: string): { score: number; kind: NameMatchKind } {
  const ql = literalOf(query);
  const cl = literalOf(candidate);
  if (!ql || !cl) return { score: 0, kind: 'partial' };
  if (ql === cl) return { score: 1, kind: 'exact' };
  const q = nameKeys(query);
  const c = nameKeys(candidate);
  const joined = (list: string[]) => list.join('');
  const sorted = (list: string[]) => [...list].sort().join(' ');
  if (joined(q.keys) === joined(c.keys) || sorted(q.core) === sorted(c.core)) return { score: 0.95, kind: 'transliteration' };

  // Token overlap on the core tokens; a one-letter typo in a long token counts 0.8.
  const remaining = [...c.core];
  let matched = 0;
  for (const token of q.core) {
    let index = remaining.indexOf(token);
    if (index >= 0) {
      matched += 1;
    } else {
      index = remaining.findIndex((other) => token.length >= 5 && other.length >= 5 && Math.abs(token.length - other.length) <= 1 && levenshtein(token, other) <= 1);
      if (index >= 0) matched += 0.8;
    }
    if (index >= 0) remaining.splice(index, 1);
  }
  const size = Math.max(q.core.length, c.core.length);
  if (matched >= 1.8 || (size === 1 && matched > 0)) {
    return { score: round(Math.min(0.9, 0.7 + 0.2 * (matched / size))), kind: 'token_overlap' };
  }
  return { score: round(0.5 * (matched / size)), kind: 'partial' };
}

// ---------------------------------------------------------------------------
// Entity comparison

function values(props: Record<string, string[]>, ...keys: string[]): string[] {
  return keys.flatMap((k) => props[k] ?? []).filter((v) => typeof v === 'string' && v.trim().length > 0);
}

function fullNames(props: Record<string, string[]>): string[] {
  const first = values(props, 'firstName');
  const last = values(props, 'lastName');
  const out: string[] = [];
  for (const f of first) for (const l of last) out.push(`${f} ${l}`);
  return out;
}

function normaliseIdentifier(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

const PERSON_SCHEMAS = new Set(['Person', 'LegalEntity', 'Thing']);
const ORG_SCHEMAS = new Set(['Company', 'Organization', 'LegalEntity', 'Thing']);

/** Whether a query of `querySchema` may be compared with a candidate of `candidateSchema`. */
export function schemasCompatible(querySchema: string, candidateSchema: string): boolean {
  if (querySchema === 'LegalEntity' || querySchema === 'Thing') return true;
  if (querySchema === 'Person') return PERSON_SCHEMAS.has(candidateSchema);
  if (querySchema === 'Company' || querySchema === 'Organization') return ORG_SCHEMAS.has(candidateSchema);
  return querySchema === candidateSchema;
}

export function scoreCandidate(query: QueryExample, entity: FtmEntity): ScoredCandidate {
  const qp = query.properties;
  const cp = entity.properties;
  const explanations: Record<string, FeatureExplanation> = {};

  // Names: query names (name + first/last) against the candidate's strong names.
  const queryNames = [...new Set([...values(qp, 'name'), ...fullNames(qp)])];
  const strongNames = [...new Set([...values(cp, 'name', 'alias', 'previousName'), ...fullNames(cp)])];
  let best = { score: 0, kind: 'partial' as NameMatchKind, query: '', candidate: '' };
  for (const qn of queryNames) {
    for (const cn of strongNames) {
      const r = compareNames(qn, cn);
      if (r.score > best.score) best = { score: r.score, kind: r.kind, query: qn, candidate: cn };
    }
  }
  if (best.score > 0) {
    explanations.name_match = {
      score: best.score,
      detail: `${best.kind.replace('_', ' ')}: ${JSON.stringify(best.query)} ~ ${JSON.stringify(best.candidate)}`,
      query: best.query,
      candidate: best.candidate,
    };
  }

  for (const qn of queryNames) {
    const hit = values(cp, 'weakAlias').find((w) => compareNames(qn, w).score >= 0.95);
    if (hit) {
      explanations.weak_alias_match = { score: 1, detail: `weak alias ${JSON.stringify(hit)}`, query: qn, candidate: hit };
      break;
    }
  }

  const idProps = ['idNumber', 'registrationNumber', 'passportNumber', 'taxNumber', 'leiCode', 'innCode', 'ogrnCode'];
  const queryIds = new Map(values(qp, ...idProps).map((v) => [normaliseIdentifier(v), v]));
  for (const cid of values(cp, ...idProps)) {
    const q = queryIds.get(normaliseIdentifier(cid));
    if (q && normaliseIdentifier(cid).length >= 2) {
      explanations.identifier_match = { score: 1, detail: `identifier ${cid}`, query: q, candidate: cid };
      break;
    }
  }

  // Qualifiers.
  const qDates = values(qp, 'birthDate');
  const cDates = values(cp, 'birthDate');
  if (qDates.length && cDates.length) {
    const compatible = qDates.some((a) => cDates.some((b) => a.startsWith(b) || b.startsWith(a)));
    if (!compatible) {
      const years = (list: string[]) => new Set(list.map((d) => d.slice(0, 4)));
      const cy = years(cDates);
      const yearOverlap = [...years(qDates)].some((y) => cy.has(y));
      explanations.dob_day_disjoint = { score: 1, detail: `birth date ${qDates.join('/')} vs ${cDates.join('/')}` };
      if (!yearOverlap) explanations.dob_year_disjoint = { score: 1, detail: `birth year ${qDates.join('/')} vs ${cDates.join('/')}` };
    }
  }

  const countryProps = ['nationality', 'citizenship', 'country', 'jurisdiction'];
  const qCountries = new Set(values(qp, ...countryProps).map((c) => c.toLowerCase()));
  const cCountries = new Set(values(cp, ...countryProps).map((c) => c.toLowerCase()));
  if (qCountries.size && cCountries.size) {
    const common = [...qCountries].filter((c) => cCountries.has(c));
    if (common.length) explanations.country_match = { score: 1, detail: `shared country ${common.join(', ')}` };
    else explanations.country_mismatch = { score: 1, detail: `${[...qCountries].join(',')} vs ${[...cCountries].join(',')}` };
  }

  let main = 0;
  let qualifiers = 0;
  for (const [name, result] of Object.entries(explanations)) {
    const feature = FEATURE_WEIGHTS[name]!;
    const weighted = result.score * feature.weight;
    if (feature.qualifier) qualifiers += weighted;
    else main = Math.max(main, weighted);
  }
  // A qualifier never turns "no name or identifier match" into a score.
  const score = main > 0 ? round(Math.min(1, Math.max(0, main + qualifiers))) : 0;
  const features = Object.fromEntries(Object.entries(explanations).map(([k, v]) => [k, v.score]));
  return { score, features, explanations };
}
