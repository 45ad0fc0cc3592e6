/**
 * The slice of the FollowTheMoney entity format the yente simulator serves.
 * Same shape as a line of an OpenSanctions `entities.ftm.json` export: every
 * property value is a list of strings.
 */
export interface FtmEntity {
  id: string;
  caption: string;
  schema: 'Person' | 'Company' | 'Organization' | 'LegalEntity';
  properties: Record<string, string[]>;
  /** Leaf dataset names, e.g. `tr_fictional_sanctions`. */
  datasets: string[];
  referents?: string[];
  target?: boolean;
  first_seen?: string;
  last_seen?: string;
  last_change?: string;
}
