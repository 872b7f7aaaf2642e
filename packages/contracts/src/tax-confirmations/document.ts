/**
 * Everything one tax confirmation's PDF shows (issue 20), filled in by the domain and drawn by
 * `@klub/pdfs`. The domain hashes it (without `issuedOn`) to tell whether a confirmation must be
 * drawn again.
 */
export interface TaxConfirmationDocument {
  lang: 'cs' | 'en';
  issuer: {
    name: string;
    address: string;
    ico: string;
    /** Image bytes (PNG or JPEG) of the logo and the signature, when the template has them. */
    logo: Uint8Array | null;
    signature: Uint8Array | null;
    place: string;
    signatory: string;
  };
  donor: {
    name: string;
    address: string;
    kind: 'user' | 'company';
    /** `d. m. yyyy` for people whose birth date is known, else ''. */
    birthDate: string;
    /** A company's IČO (crn), else ''. */
    ico: string;
  };
  year: number;
  /** Whole CZK. */
  amount: number;
  /** `12 500 Kč`. */
  amountFigures: string;
  /** `dvanáct tisíc pět set korun českých`. */
  amountWords: string;
  /** `d. m. yyyy`: the day it is issued (generated). */
  issuedOn: string;
  /** The template's text with the variables replaced, paragraphs split on blank lines. */
  paragraphs: string[];
  /** PDF metadata title. */
  title: string;
}

/** The variables a template's text may use, as `{name}`. */
export const TAX_CONFIRMATION_VARIABLES = [
  'name',
  'address',
  'birth_date',
  'ico',
  'donor_id',
  'amount',
  'amount_words',
  'year',
  'date',
] as const;
export type TaxConfirmationVariable = (typeof TAX_CONFIRMATION_VARIABLES)[number];
