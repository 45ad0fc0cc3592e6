/**
 * IBAN (ISO 13616) validation: country, length for that country, characters,
 * and the mod-97 check digits. Accepts the printed form with spaces
 * ("CY17 0020 0128 0000 0012 0052 7600"); `normaliseIban` gives the stored
 * electronic form. Also a rough BIC (ISO 9362) shape check.
 */

/** IBAN length per country (SWIFT IBAN registry). A country not listed does not use IBANs. */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = Object.freeze({
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
  MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20,
});

export type IbanProblem = 'empty' | 'characters' | 'country' | 'length' | 'checksum';

export function normaliseIban(text: string): string {
  return text.replace(/[\s-]+/g, '').toUpperCase();
}

/** Remainder of the IBAN's numeric form mod 97, computed piecewise so no big number is built. */
export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : Number(ch);
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder;
}

/** Why the text is not a valid IBAN, or null when it is. */
export function ibanProblem(text: string): IbanProblem | null {
  const iban = normaliseIban(text);
  if (iban === '') return 'empty';
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return 'characters';
  const length = IBAN_LENGTHS[iban.slice(0, 2)];
  if (length === undefined) return 'country';
  if (iban.length !== length) return 'length';
  return ibanMod97(iban) === 1 ? null : 'checksum';
}

/** Client-facing sentence for a problem. */
export function ibanProblemMessage(problem: IbanProblem, text: string): string {
  const iban = normaliseIban(text);
  switch (problem) {
    case 'empty':
      return 'Enter the IBAN';
    case 'characters':
      return 'An IBAN starts with a two-letter country code and two digits, then letters and digits only';
    case 'country':
      return `${iban.slice(0, 2)} is not a country that uses IBANs`;
    case 'length':
      return `An IBAN from ${iban.slice(0, 2)} has ${IBAN_LENGTHS[iban.slice(0, 2)]} characters; this one has ${iban.length}`;
    case 'checksum':
      return 'This IBAN is not valid: check it for a typing mistake';
  }
}

export function isBic(text: string): boolean {
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(text.replace(/\s+/g, '').toUpperCase());
}
