import pluralize from 'pluralize';

/** Every spelling of a resource name the templates use, derived from its plural kebab-case name. */
export interface ResourceNames {
  /** `purchase-orders`: the folder, the route and the file names of the collection. */
  readonly plural: string;
  /** `purchase-order`: file names of one object, the `@OwnerScoped` resource, audit targets. */
  readonly singular: string;
  /** `PurchaseOrders`: the module, controller and service classes. */
  readonly Plural: string;
  /** `PurchaseOrder`: the entity, DTO and error classes. */
  readonly Singular: string;
  /** `purchaseOrders`: the repository and service fields. */
  readonly pluralCamel: string;
  /** `PURCHASE_ORDERS`: error codes. */
  readonly PLURAL: string;
  /** `PURCHASE_ORDER`: constants. */
  readonly SINGULAR: string;
  /** `purchase_orders`: the table. */
  readonly table: string;
  /** `purchase orders`: prose (OpenAPI descriptions, messages). */
  readonly pluralWords: string;
  /** `purchase order`: prose. */
  readonly singularWords: string;
  /** `a purchase order`, `an invoice`: prose. */
  readonly aSingular: string;
  /** `A purchase order`, `An invoice`: prose, at the start of a sentence. */
  readonly ASingular: string;
}

/** A name the generator will not use; the message says why and what to do. */
export class InvalidResourceNameError extends Error {
  override readonly name = 'InvalidResourceNameError';
}

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;

/**
 * Its longest derived identifier, `<table>_details_encrypted_format`, must stay within
 * PostgreSQL's 63 bytes.
 */
const MAX_LENGTH = 40;

/**
 * Route prefixes the API already serves: a resource there would shadow them. Folders under
 * resources/, tables and routes of later resources are refused by the caller, which sees the tree.
 */
const RESERVED_PATHS = ['admin', 'auth', 'docs', 'health', 'users', 'well-known'];

/**
 * PostgreSQL's reserved key words (the "reserved" column of its SQL Key Words appendix): the
 * migration names the table unquoted.
 */
const POSTGRES_RESERVED = new Set(
  `all analyse analyze and any array as asc asymmetric both case cast check collate column
  constraint create current_catalog current_date current_role current_time current_timestamp
  current_user default deferrable desc distinct do else end except false fetch for foreign from
  grant group having in initially intersect into lateral leading limit localtime localtimestamp
  not null offset on only or order placing primary references returning select session_user some
  symmetric system_user table then to trailing true union unique user using variadic when where
  window with`.split(/\s+/),
);

/** Words a generated parameter or property cannot be (`private readonly delete`). */
const TYPESCRIPT_RESERVED = new Set(
  `arguments await break case catch class const continue debugger default delete do else enum eval
  export extends false finally for function if implements import in instanceof interface let new
  null package private protected public return static super switch this throw true try typeof var
  void while with yield`.split(/\s+/),
);

/** Types the generated code names, which a class of the same name would shadow. */
const TYPESCRIPT_TYPES = new Set(
  `Awaited Capitalize ClassDecorator Exclude Extract InstanceType Lowercase MethodDecorator Omit
  NonNullable ParameterDecorator Parameters Partial Pick PropertyDecorator PropertyKey Readonly
  Record Required ReturnType Uncapitalize Uppercase`.split(/\s+/),
);

const pascal = (kebab: string): string =>
  kebab
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

const camel = (kebab: string): string => {
  const joined = pascal(kebab);
  return joined.charAt(0).toLowerCase() + joined.slice(1);
};

/**
 * The spellings of `plural`, a plural kebab-case name such as `invoices` or `purchase-orders`
 * (the last word is the plural one). Refuses anything else with {@link InvalidResourceNameError}.
 */
export function resourceNames(plural: string): ResourceNames {
  if (!KEBAB_CASE.test(plural)) {
    throw new InvalidResourceNameError(
      `"${plural}" is not a kebab-case name: lower-case words of letters and digits, joined by "-", each starting with a letter (invoices, purchase-orders)`,
    );
  }
  if (plural.length > MAX_LENGTH) {
    throw new InvalidResourceNameError(
      `"${plural}" is longer than ${MAX_LENGTH} characters: table, index and constraint names would pass PostgreSQL's 63`,
    );
  }
  const words = plural.split('-');
  const last = words.at(-1) ?? plural;
  const singularLast = pluralize.singular(last);
  if (singularLast === last || pluralize.plural(singularLast) !== last) {
    throw new InvalidResourceNameError(
      `"${plural}" is not a plural noun: name the collection, as its route will (invoices, purchase-orders)`,
    );
  }
  const singular = [...words.slice(0, -1), singularLast].join('-');
  const table = plural.replaceAll('-', '_');
  for (const word of [plural, singular, table]) {
    if (RESERVED_PATHS.includes(word)) {
      throw new InvalidResourceNameError(
        `"${plural}" would collide with the API's own /${word} routes: choose another name`,
      );
    }
    if (POSTGRES_RESERVED.has(word)) {
      throw new InvalidResourceNameError(
        `"${plural}" would make "${word}", a reserved word of PostgreSQL: choose another name`,
      );
    }
  }
  if (TYPESCRIPT_RESERVED.has(camel(plural))) {
    throw new InvalidResourceNameError(
      `"${plural}" would make "${camel(plural)}", a reserved word of TypeScript: choose another name`,
    );
  }
  for (const type of [pascal(plural), pascal(singular)]) {
    if (type in globalThis || TYPESCRIPT_TYPES.has(type)) {
      throw new InvalidResourceNameError(
        `"${plural}" would make a class "${type}", which shadows the built-in ${type}: choose another name`,
      );
    }
  }
  const singularWords = singular.replaceAll('-', ' ');
  // By spelling, not sound: "an hour" or "a unit" are the user's to fix in the prose.
  const article = /^[aeio]/.test(singularWords) ? 'an' : 'a';
  return {
    plural,
    singular,
    Plural: pascal(plural),
    Singular: pascal(singular),
    pluralCamel: camel(plural),
    PLURAL: table.toUpperCase(),
    SINGULAR: singular.replaceAll('-', '_').toUpperCase(),
    table,
    pluralWords: plural.replaceAll('-', ' '),
    singularWords,
    aSingular: `${article} ${singularWords}`,
    ASingular: `${article === 'an' ? 'An' : 'A'} ${singularWords}`,
  };
}
