/**
 * Framework messages of api.md §1.4, in English (the form code produces) and Czech.
 * Code always builds the English text; the REST layer translates whole bodies per
 * request language with `translate`, so one message table serves every endpoint.
 */
export type Lang = 'cs' | 'en';

export const MSG = {
  notAuthenticated: 'Authentication credentials were not provided.',
  permissionDenied: 'You do not have permission to perform this action.',
  notFound: 'Not found.',
  methodNotAllowed: (method: string) => `Method "${method}" not allowed.`,
  required: 'This field is required.',
  notNull: 'This field may not be null.',
  blank: 'This field may not be blank.',
  invalidEmail: 'Enter a valid email address.',
  invalidChoice: (value: string) => `"${value}" is not a valid choice.`,
  invalidInteger: 'A valid integer is required.',
  invalidNumber: 'A valid number is required.',
  invalidBoolean: 'Must be a valid boolean.',
  invalidString: 'Not a valid string.',
  nullCharacters: 'Null characters are not allowed.',
  invalidDate: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
  invalidDatetime:
    'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
  invalidUrl: 'Enter a valid URL.',
  invalidPk: (value: string) => `Invalid pk "${value}" - object does not exist.`,
  incorrectPkType: (type: string) => `Incorrect type. Expected pk value, received ${type}.`,
  slugDoesNotExist: (attr: string, value: string) => `Object with ${attr}=${value} does not exist.`,
  invalidValue: 'Invalid value.',
  unique: 'This field must be unique.',
  emptyList: 'This list may not be empty.',
  notAList: (type: string) => `Expected a list of items but got type "${type}".`,
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
  minLength: (n: number) => `Ensure this field has at least ${n} characters.`,
  minValue: (n: number) => `Ensure this value is greater than or equal to ${n}.`,
  maxValue: (n: number) => `Ensure this value is less than or equal to ${n}.`,
  invalidPage: 'Invalid page.',
  invalidCredentialsBasic: 'Invalid username/password.',
  userInactiveBasic: 'User inactive or deleted.',
  noActiveAccount: 'No active account found with the given credentials',
  tokenInvalidOrExpired: 'Token is invalid or expired',
  tokenWrongType: 'Token has wrong type',
  tokenNotValidForAnyType: 'Given token not valid for any token type',
  badAuthorizationHeader: 'Authorization header must contain two space-delimited values',
  userNotFound: 'User not found',
  userInactive: 'User is inactive',
  jsonParseError: (reason: string) => `JSON parse error - ${reason}`,
  unsupportedMediaType: (type: string) => `Unsupported media type "${type}" in request.`,
  csrfFailed: 'CSRF Failed: CSRF token missing or incorrect.',
  serverError: 'A server error occurred.',
  serviceUnavailable: 'Service temporarily unavailable, try again later.',
  requestTooLarge: 'Request body is too large.',
  throttled: (seconds: number) => `Request was throttled. Expected available in ${seconds} seconds.`,
  enterWholeNumber: 'Enter a whole number.',
  enterValidDatetime: 'Enter a valid date/time.',
  selectValidChoice: (value: string) => `Select a valid choice. ${value} is not one of the available choices.`,
} as const;

/**
 * English template → Czech template; `{}` marks a parameter. A message that DRF, simplejwt or
 * Django also produces reads as their Czech catalogues have it (DRF's wins over Django's, as in
 * Django's merged catalogue, where DRF's app locale outranks Django's own); the others are ours.
 */
const CS: ReadonlyArray<readonly [string, string]> = [
  ['Authentication credentials were not provided.', 'Nebyly zadány přihlašovací údaje.'],
  ['You do not have permission to perform this action.', 'K této akci nemáte oprávnění.'],
  ['Not found.', 'Nenalezeno.'],
  ['Method "{}" not allowed.', 'Metoda "{}" není povolena.'],
  ['This field is required.', 'Toto pole je vyžadováno.'],
  ['This field may not be null.', 'Toto pole nesmí být prázdné (null).'],
  ['This field may not be blank.', 'Toto pole nesmí být prázdné.'],
  ['Enter a valid email address.', 'Vložte platnou e-mailovou adresu.'],
  ['"{}" is not a valid choice.', '"{}" není platnou možností.'],
  ['A valid integer is required.', 'Je vyžadováno celé číslo.'],
  ['A valid number is required.', 'Je vyžadováno číslo.'],
  ['Must be a valid boolean.', 'Je vyžadována logická hodnota.'],
  ['Not a valid string.', 'Neplatný řetězec.'],
  // Django's ProhibitNullCharactersValidator; DRF's catalogue has no Czech text, Django's does.
  ['Null characters are not allowed.', 'Nulové znaky nejsou povoleny.'],
  ['Invalid pk "{}" - object does not exist.', 'Chybný primární klíč "{}" - objekt neexistuje.'],
  ['Object with {}={} does not exist.', 'Objekt s {}={} neexistuje.'],
  ['This field must be unique.', 'Tato položka musí být unikátní.'],
  ['This list may not be empty.', 'Tento list by neměl být prázdný.'],
  ['Ensure this field has no more than {} characters.', 'Zkontrolujte, že toto pole není delší než {} znaků.'],
  ['Ensure this field has at least {} characters.', 'Zkontrolujte, že toto pole obsahuje alespoň {} znaků.'],
  ['Ensure this value is greater than or equal to {}.', 'Zkontrolujte, že hodnota je větší nebo rovna {}.'],
  ['Ensure this value is less than or equal to {}.', 'Zkontrolujte, že hodnota je menší nebo rovna {}.'],
  ['Invalid page.', 'Nevalidní strana.'],
  ['Invalid username/password.', 'Chybné uživatelské jméno nebo heslo.'],
  ['No active account found with the given credentials', 'Žádný aktivní účet s danými údaji nebyl nalezen'],
  ['Token is invalid or expired', 'Token není validní nebo vypršela jeho platnost'],
  ['Given token not valid for any token type', 'Daný token není validní pro žádný typ tokenu'],
  ['Enter a valid URL.', 'Vložte platný odkaz.'],
  ['JSON parse error - {}', 'Chyba parsování JSON - {}'],
  ['Unsupported media type "{}" in request.', 'Nepodporovaný media type "{}" v požadavku.'],
  ['Enter a whole number.', 'Zadejte celé číslo.'],
  ['Enter a valid date/time.', 'Zadejte platné datum a čas.'],
  ['A server error occurred.', 'Chyba na straně serveru.'],
  ['Service temporarily unavailable, try again later.', 'Služba je dočasně nedostupná, zkuste to později.'],
  ['Request body is too large.', 'Tělo požadavku je příliš velké.'],
  ['Invalid data. Expected a dictionary, but got {}.', 'Chybná data. Byl přijat typ {} místo očekávaného slovníku.'],
  [
    'The submitted data was not a file. Check the encoding type on the form.',
    'Zaslaná data neobsahují soubor. Zkontrolujte typ kódování ve formuláři.',
  ],
  ['Expected a list of items but got type "{}".', 'Byl očekáván seznam položek ale nalezen "{}".'],
  ['Incorrect type. Expected pk value, received {}.', 'Chybný typ. Byl přijat typ {} místo hodnoty primárního klíče.'],
  ['Date has wrong format. Use one of these formats instead: {}.', 'Chybný formát data. Použijte jeden z těchto formátů: {}.'],
  [
    'Datetime has wrong format. Use one of these formats instead: {}.',
    'Chybný formát data a času. Použijte jeden z těchto formátů: {}.',
  ],
  ['Invalid value.', 'Chybná hodnota.'],
  ['CSRF Failed: CSRF token missing or incorrect.', 'CSRF selhalo: CSRF token chybí nebo je nesprávný.'],
  ['User not found', 'Uživatel nenalezen'],
  ['User is inactive', 'Uživatel není aktivní'],
  ['Token has wrong type', 'Token má špatný typ'],
  ['Authorization header must contain two space-delimited values', 'Autorizační hlavička musí obsahovat dvě hodnoty oddělené mezerou'],
  ['User inactive or deleted.', 'Uživatelský účet je neaktivní nebo byl smazán.'],
  // DRF translates only the first sentence; its catalogue leaves "Expected available in…" in English.
  [
    'Request was throttled. Expected available in {} seconds.',
    'Požadavek byl limitován kvůli omezení počtu požadavků za časovou periodu. Další požadavek bude možný za {} sekund.',
  ],
  ['Select a valid choice. {} is not one of the available choices.', 'Vyberte platnou možnost, "{}" není k dispozici.'],
  ['Enter a number.', 'Zadejte číslo.'],
  ['Unable to log in with provided credentials.', 'Zadanými údaji se nebylo možné přihlásit.'],
  // api.md §8.1 gives this one in Czech; the next three are Django's password validators (§12.4).
  ['Telephone must consist of numbers, spaces and plus sign', 'Telefon musí být složen s čísel, mezer a znaku plus.'],
  ['This password is too short. It must contain at least {} characters.', 'Heslo je příliš krátké. Musí mít délku aspoň {} znaků.'],
  ['This password is too common.', 'Heslo je příliš běžné.'],
  ['This password is entirely numeric.', 'Heslo se skládá pouze z čísel.'],
  // The optional CAPTCHA of apps/api/src/security (issue 7).
  ['The CAPTCHA answer is not valid. Please try again.', 'Odpověď CAPTCHA není platná. Zkuste to prosím znovu.'],
  ['The CAPTCHA could not be verified. Please try again later.', 'CAPTCHA nelze ověřit. Zkuste to prosím později.'],
  // Tax confirmation templates (issue 20).
  ['Unknown variable {}. Use one of: {}.', 'Neznámá proměnná {}. Použijte některou z: {}.'],
  ['Upload a PNG or JPEG image.', 'Nahrajte obrázek ve formátu PNG nebo JPEG.'],
  ['The image must be at most {} KB.', 'Obrázek smí mít nejvýše {} KB.'],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const COMPILED = CS.map(([en, cs]) => {
  const pattern = new RegExp('^' + en.split('{}').map(escape).join('(.*?)') + '$', 's');
  return { pattern, cs };
});
const EXACT = new Map(CS.filter(([en]) => !en.includes('{}')));

/** Translate one English framework message; unknown (project-specific) messages are returned unchanged. */
export function translate(message: string, lang: Lang): string {
  if (lang === 'en') return message;
  const exact = EXACT.get(message);
  if (exact !== undefined) return exact;
  for (const { pattern, cs } of COMPILED) {
    const m = pattern.exec(message);
    if (m) {
      let i = 1;
      return cs.replace(/\{\}/g, () => m[i++] ?? '');
    }
  }
  return message;
}

/** Translate every string inside an error body, keeping its shape. */
export function translateBody<T>(body: T, lang: Lang): T {
  if (lang === 'en') return body;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return translate(v, lang);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'code' ? x : walk(x)]));
    }
    return v;
  };
  return walk(body) as T;
}

/** Pick the response language from an Accept-Language header; Czech is the default (api.md §1.4). */
export function pickLang(header: string | undefined | null): Lang {
  if (!header) return 'cs';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((x) => x.tag && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === 'en' || tag === 'cs') return tag;
  }
  return 'cs';
}
