/**
 * Does a payer's or account holder's name belong to the client? (SPEC §6,
 * §11: a name mismatch is an exception with a visible reason.) Pure and
 * conservative: `match` only when every part of the shorter name is the same
 * word in the longer one, so a relative with the same surname ("Dina Demo"
 * paying for "Dana Demo") is never waved through.
 *
 * Normalised away (→ `match`): case, diacritics ("Müller" = "Muller" =
 * "Mueller"), punctuation and hyphens, titles ("Mr", "Dr"), word order
 * ("DEMO DANA"), "Surname, Given" ("Demo, Dana"), omitted middle names
 * ("Dana Maria Demo" = "Dana Demo", as long as the first and last word of
 * the longer name are both present), run-together words ("Abdulrahman" =
 * "Abdul Rahman"), Cyrillic and Greek script, and common Latin
 * transliteration variants (y/i/j, w/v, x/ks, ph/f, kh/h, ou/u, doubled
 * letters, a silent h, and a short list of given names: Mohammed/Muhammad,
 * Alexander/Aleksandr, Yusuf/Youssef…).
 *
 * `partial` (a human should look): every word accounted for, but one only as
 * an initial ("D. Demo") or a near spelling (one vowel apart), or a whole
 * word of the longer name left out at either end ("Dana Demo" vs "Dana Demo
 * Smith"), or a single-word name.
 * `mismatch`: a word of the shorter name has no counterpart ("John Smith",
 * "Dana Smith"), or nothing but initials agree, or a name is empty.
 *
 * Not handled: Arabic, Hebrew and CJK scripts (they fall through as
 * `mismatch` against a Latin name and are therefore flagged, never passed).
 */

export type NameMatch = 'match' | 'partial' | 'mismatch';

/** Names longer than this many words are compared on their first words only (a bound, not a rule). */
const MAX_WORDS = 8;
const MAX_NAME_CHARS = 300;

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'madam', 'mme', 'mlle', 'herr', 'frau']);

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y',
  ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'i', є: 'e', ґ: 'g',
};

const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o',
  π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

/** Latin letters NFKD does not decompose. German umlauts are folded to the bare vowel (ü → u, and "ue" → "u" below). */
const LATIN_EXTRA: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };

/** Given-name variants no letter rule unites; each group maps to its first spelling. */
const NAME_VARIANTS: readonly (readonly string[])[] = [
  ['mohammed', 'muhammad', 'mohammad', 'mohamed', 'muhammed', 'mohamad', 'mohamud', 'mehmet', 'mehmed'],
  ['ahmed', 'ahmad'],
  ['hussein', 'husain', 'hussain', 'hossein', 'husein', 'houssein'],
  ['yusuf', 'youssef', 'yousef', 'yusef', 'youssouf', 'yousif'],
  ['abdul', 'abdel', 'abdal'],
  ['alexander', 'aleksandr', 'alexandr', 'aleksander', 'oleksandr', 'alexandros'],
  ['alexey', 'aleksey', 'alexei', 'aleksei', 'oleksiy'],
  ['yevgeny', 'evgeny', 'evgeni', 'evgenii', 'yevgeniy', 'eugene'],
  ['george', 'georgios', 'georgi', 'georgy', 'giorgos', 'yiorgos', 'jorge'],
  ['konstantinos', 'constantinos', 'kostas', 'costas'],
  ['catherine', 'katherine', 'kathryn', 'ekaterina', 'yekaterina', 'katerina'],
  ['mikhail', 'michael', 'mikhael', 'michail', 'mykhailo'],
  ['ltd', 'limited'],
  ['inc', 'incorporated'],
  ['corp', 'corporation'],
  ['co', 'company'],
];

const VARIANT_OF = new Map<string, string>(NAME_VARIANTS.flatMap((group) => group.map((name) => [name, group[0] as string] as const)));

/** Lower case, transliterated to ASCII letters; every other character becomes a word break (apostrophes vanish). */
function toAscii(name: string): string {
  // Marks go first, so "ώ" is "ω" and "й" is "и" by the time the script tables see them.
  const bare = name.slice(0, MAX_NAME_CHARS).toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '');
  // Greek digraphs first: "ου" is u ("Παπαδόπουλος" = Papadopoulos), a word-initial "μπ"/"ντ" is b/d.
  const digraphs = bare.replace(/ου/g, 'ou').replace(/(^|[^\p{L}])μπ/gu, '$1b').replace(/(^|[^\p{L}])ντ/gu, '$1d');
  let out = '';
  for (const ch of digraphs) out += CYRILLIC[ch] ?? GREEK[ch] ?? LATIN_EXTRA[ch] ?? ch;
  return out
    .replace(/['’`ʼ]/g, '')
    .replace(/[^a-z0-9,]+/g, ' ');
}

/** Words in "given … family" order: "Demo, Dana" → dana demo. Titles dropped. */
export function nameWords(name: string): string[] {
  const ascii = toAscii(name);
  const parts = ascii.split(',');
  const ordered = parts.length === 2 ? `${parts[1]} ${parts[0]}` : parts.join(' ');
  return ordered
    .split(' ')
    .filter((word) => word !== '' && !TITLES.has(word) && !/^\d+$/.test(word))
    .slice(0, MAX_WORDS);
}

/** A word's spelling with transliteration noise removed: equal keys are the same name. */
export function wordKey(word: string): string {
  const base = VARIANT_OF.get(word) ?? word;
  return base
    .replace(/^ye/, 'e')
    .replace(/tsch|tch/g, 'ch')
    .replace(/sch/g, 'sh')
    .replace(/sh/g, 'S')
    .replace(/ch/g, 'C')
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'h')
    .replace(/ck|q|c/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/[jy]/g, 'i')
    .replace(/ou|oo/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/ue/g, 'u')
    .replace(/oe/g, 'o')
    .replace(/ae/g, 'a')
    .replace(/([tdg])h/g, '$1')
    .replace(/([aeiou])h/g, '$1')
    .replace(/(.)\1+/g, '$1');
}

/** Coarser than `wordKey`: vowels folded, so "Dana" ≈ "Dina". Only ever yields `partial`. */
function nearKey(key: string): string {
  return key.replace(/[aeiou]/g, 'a').replace(/(.)\1+/g, '$1');
}

type WordRelation = 'same' | 'near' | 'none';

function relate(a: string, b: string): WordRelation {
  const keyA = wordKey(a);
  const keyB = wordKey(b);
  if (keyA === keyB) return 'same';
  if (a.length === 1 || b.length === 1) {
    const [initial, word] = a.length === 1 ? [a, b] : [b, a];
    return word.startsWith(initial) || wordKey(word).startsWith(wordKey(initial)) ? 'near' : 'none';
  }
  return nearKey(keyA) === nearKey(keyB) && nearKey(keyA).length >= 2 ? 'near' : 'none';
}

/**
 * Pairs each word of `short` with a distinct word of `long`, preferring exact
 * pairs. Names are a handful of words, so an exhaustive search stays tiny and
 * finds the best pairing, not merely the first.
 */
function bestPairing(short: string[], long: string[]): { relations: WordRelation[]; used: Set<number> } | undefined {
  let best: { relations: WordRelation[]; used: Set<number>; score: number } | undefined;
  // Exact pairs first; among equals, the pairing that keeps the longer name's first and last words.
  const score = (relations: WordRelation[], used: Set<number>) =>
    relations.reduce((sum, r) => sum + (r === 'same' ? 2 : 1), 0) + (used.has(0) && used.has(long.length - 1) ? 0.5 : 0);
  const search = (i: number, used: Set<number>, relations: WordRelation[]): void => {
    if (i === short.length) {
      const total = score(relations, used);
      if (best === undefined || total > best.score) best = { relations: [...relations], used: new Set(used), score: total };
      return;
    }
    for (let j = 0; j < long.length; j++) {
      if (used.has(j)) continue;
      const relation = relate(short[i] as string, long[j] as string);
      if (relation === 'none') continue;
      used.add(j);
      relations.push(relation);
      search(i + 1, used, relations);
      relations.pop();
      used.delete(j);
    }
  };
  search(0, new Set(), []);
  return best;
}

export function namesMatch(a: string, b: string): NameMatch {
  const wordsA = nameWords(a);
  const wordsB = nameWords(b);
  if (wordsA.length === 0 || wordsB.length === 0) return 'mismatch';
  if (wordsA.map(wordKey).join('') === wordsB.map(wordKey).join('')) return 'match';

  const [short, long] = wordsA.length <= wordsB.length ? [wordsA, wordsB] : [wordsB, wordsA];
  const pairing = bestPairing(short, long);
  if (pairing === undefined) return 'mismatch';
  const fullWordAgrees = pairing.relations.some((r, i) => r === 'same' && (short[i] as string).length > 1);
  if (!fullWordAgrees) return 'mismatch';
  if (pairing.relations.some((r) => r !== 'same')) return 'partial';
  if (short.length === long.length) return 'match';
  // Extra words in the longer name are middle names only if its first and last words were paired.
  const endsPaired = pairing.used.has(0) && pairing.used.has(long.length - 1);
  return short.length >= 2 && endsPaired ? 'match' : 'partial';
}
