/**
 * The bundled OB 3.0 / CLR 2.0 JSON Schemas and one lazily created Ajv instance that compiles each
 * schema (or `$defs` entry) the first time it is needed and caches it.
 *
 * The schemas are draft 2019-09, hence `Ajv2019`. Ajv runs with `strict: false` because the schemas
 * use annotation keywords Ajv does not know, `allErrors` so that one pass reports every problem, and
 * `verbose` because the error translator (schema-errors.ts) needs the failing schema and data.
 */
import type { AnySchemaObject, ValidateFunction } from 'ajv/dist/2019.js';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { isDateTimeZ } from './dates.js';
import clrJsonLdClrCredential from './schemas/clr-v2p0-jsonld-clrcredential.json' with { type: 'json' };
import obFormalAchievementCredential from './schemas/ob-v3p0-formal-achievementcredential.json' with {
  type: 'json',
};
import obFormalEndorsementCredential from './schemas/ob-v3p0-formal-endorsementcredential.json' with {
  type: 'json',
};
import obJsonLdAchievementCredential from './schemas/ob-v3p0-jsonld-achievementcredential.json' with {
  type: 'json',
};
import obJsonLdEndorsementCredential from './schemas/ob-v3p0-jsonld-endorsementcredential.json' with {
  type: 'json',
};

/** The `$id`s of the bundled schemas. */
export const SCHEMA_IDS = {
  /** OB 3.0 AchievementCredential, formal (arrays required). */
  OB_ACHIEVEMENT_CREDENTIAL_FORMAL: obFormalAchievementCredential.$id,
  /** OB 3.0 EndorsementCredential, formal. */
  OB_ENDORSEMENT_CREDENTIAL_FORMAL: obFormalEndorsementCredential.$id,
  /** OB 3.0 AchievementCredential, JSON-LD adaptation (single values allowed). */
  OB_ACHIEVEMENT_CREDENTIAL_JSONLD: obJsonLdAchievementCredential.$id,
  /** OB 3.0 EndorsementCredential, JSON-LD adaptation. */
  OB_ENDORSEMENT_CREDENTIAL_JSONLD: obJsonLdEndorsementCredential.$id,
  /** CLR 2.0 ClrCredential, JSON-LD adaptation (the only CLR 2.0 schema available). */
  CLR_CREDENTIAL_JSONLD: clrJsonLdClrCredential.$id,
} as const;
export type SchemaId = (typeof SCHEMA_IDS)[keyof typeof SCHEMA_IDS];

const SCHEMAS: readonly AnySchemaObject[] = [
  obFormalAchievementCredential,
  obFormalEndorsementCredential,
  obJsonLdAchievementCredential,
  obJsonLdEndorsementCredential,
  clrJsonLdClrCredential,
];

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = (addFormatsModule as unknown as { default: FormatsPlugin }).default;

type Registry = {
  ajv: Ajv2019;
  /** schema object (any node of any bundled schema) → `$id#/json/pointer` of that node. */
  locations: WeakMap<object, string>;
};

let registry: Registry | undefined;

function indexLocations(node: unknown, location: string, into: WeakMap<object, string>): void {
  if (node === null || typeof node !== 'object') {
    return;
  }
  into.set(node, location);
  for (const [key, child] of Object.entries(node)) {
    // JSON Pointer escaping (RFC 6901), then URI-fragment escaping (Ajv decodes both).
    const segment = encodeURIComponent(key.replace(/~/g, '~0').replace(/\//g, '~1'));
    indexLocations(child, `${location}/${segment}`, into);
  }
}

function getRegistry(): Registry {
  if (registry === undefined) {
    const ajv = new Ajv2019({ allErrors: true, strict: false, verbose: true });
    addFormats(ajv);
    // Stricter than ajv-formats: XML Schema dateTimeStamp ∩ RFC 3339 (see dates.ts).
    ajv.addFormat('date-time', { type: 'string', validate: isDateTimeZ });
    const locations = new WeakMap<object, string>();
    for (const schema of SCHEMAS) {
      ajv.addSchema(schema);
      indexLocations(schema, `${schema.$id as string}#`, locations);
    }
    registry = { ajv, locations };
  }
  return registry;
}

/**
 * The compiled validator for a bundled schema, or for a node inside one given as `$id#/pointer`
 * (e.g. `…#/$defs/Achievement`). Compiled on first use, then cached by Ajv.
 * @throws Error when the reference names no bundled schema (a programming error).
 */
export function getValidator(ref: string): ValidateFunction {
  const validate = getRegistry().ajv.getSchema(ref);
  if (validate === undefined) {
    throw new Error(`No bundled JSON Schema at ${ref}`);
  }
  return validate;
}

/** Where a schema node (as handed back in Ajv's verbose errors) sits: `$id#/pointer`. */
export function locateSchemaNode(node: unknown): string | undefined {
  return node !== null && typeof node === 'object' ? getRegistry().locations.get(node) : undefined;
}
