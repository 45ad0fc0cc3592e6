import { describe, expect, it } from 'vitest';
import { explainMatch, screeningQueryForClient } from '../../../src/integrations/sanctions/yente-client';

describe('screeningQueryForClient', () => {
  it('builds a Person query for an individual', () => {
    expect(
      screeningQueryForClient({
        clientType: 'individual',
        firstName: '  Jane ',
        lastName: 'Example',
        birthDate: '1990-05-05',
        nationality: 'GB',
        country: 'mt',
      }),
    ).toEqual({
      schema: 'Person',
      properties: {
        name: ['Jane Example'],
        firstName: ['Jane'],
        lastName: ['Example'],
        birthDate: ['1990-05-05'],
        nationality: ['gb'],
        country: ['mt'],
      },
    });
  });

  it('uses the legal name too when it differs, and leaves out empty properties', () => {
    expect(screeningQueryForClient({ clientType: 'individual', legalName: 'Jane Q. Example', firstName: 'Jane', lastName: 'Example' })).toEqual({
      schema: 'Person',
      properties: { name: ['Jane Q. Example', 'Jane Example'], firstName: ['Jane'], lastName: ['Example'] },
    });
    expect(screeningQueryForClient({ clientType: 'individual', legalName: 'jane example', firstName: 'Jane', lastName: 'Example' }).properties.name).toEqual([
      'jane example',
    ]);
  });

  it('builds a Company query for a corporate client', () => {
    expect(
      screeningQueryForClient({
        clientType: 'corporate',
        companyName: 'Example Holdings Ltd',
        legalName: 'Example Holdings Limited',
        registrationNumber: 'C 12345',
        incorporationCountry: 'CY',
        country: 'cy',
        firstName: 'ignored',
      }),
    ).toEqual({
      schema: 'Company',
      properties: { name: ['Example Holdings Ltd', 'Example Holdings Limited'], registrationNumber: ['C 12345'], country: ['cy'] },
    });
  });

  it('refuses a profile without a name or with a malformed birth date', () => {
    expect(() => screeningQueryForClient({ clientType: 'individual', birthDate: '1990-01-01' })).toThrow(RangeError);
    expect(() => screeningQueryForClient({ clientType: 'corporate' })).toThrow(RangeError);
    expect(() => screeningQueryForClient({ clientType: 'individual', firstName: 'A', lastName: 'B', birthDate: '05/05/1990' })).toThrow(/YYYY-MM-DD/);
  });
});

describe('explainMatch', () => {
  const base = {
    id: 'x',
    caption: 'Jane Example',
    schema: 'Person',
    datasets: [],
    score: 0.93,
    match: true,
  };
  const query = { schema: 'Person' as const, properties: { name: ['Jane Exampel'], birthDate: ['1980-01-02'], nationality: ['fr'] } };

  it('reads older yente responses that only carry `features`', () => {
    const text = explainMatch(query, {
      ...base,
      properties: { birthDate: ['1980'], nationality: ['de'] },
      features: { person_name_jaro_winkler: 0.93, name_literal_match: 0 },
    });
    expect(text).toBe('name 0.93, birth date matches, nationality differs');
  });

  it('prefers yente feature verdicts over the property comparison', () => {
    const text = explainMatch(query, {
      ...base,
      properties: { birthDate: ['1980-01-02'], nationality: ['fr'] },
      explanations: {
        name_match: { score: 0.93, detail: null, query: 'Jane Exampel', candidate: 'J. Example' },
        dob_day_disjoint: { score: 1, detail: 'x' },
        country_mismatch: { score: 1, detail: null },
        identifier_match: { score: 1, detail: null },
      },
    });
    expect(text).toBe('name 0.93 via alias "J. Example", identifier matches, birth date differs, nationality differs');
  });

  it('says when the list has no birth date and falls back to the score', () => {
    expect(explainMatch(query, { ...base, properties: {}, features: { name_match: 0.8 } })).toBe('name 0.80, no birth date on record');
    expect(explainMatch(undefined, { ...base, schema: 'Company', properties: {}, features: {} })).toBe('score 0.93');
  });
});
