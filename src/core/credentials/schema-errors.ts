/**
 * Turns Ajv's errors into messages a person can act on: a dotted path and a plain sentence, e.g.
 * `credentialSubject.achievement.criteria: is required` or `issuer.type: must contain "Profile"`.
 *
 * `oneOf`/`anyOf` failures are the hard part: Ajv reports every error of every alternative, most of
 * them noise ("must be string" for the branch that wanted a URL string when an object was given). For
 * each such failure we re-validate the data against each alternative on its own, drop alternatives
 * whose only complaint is the JSON type of the value itself, and keep the one with the fewest
 * remaining problems. When every alternative rejects the type, we say which types would do.
 */
import type { ErrorObject } from 'ajv/dist/2019.js';
import { getValidator, locateSchemaNode } from './schemas.js';

/** One problem found in a credential. */
export type ValidationIssue = {
  /** Dotted path to the offending value, e.g. `credentialSubject.achievement.image`; `''` for the root. */
  path: string;
  /** A plain sentence, e.g. `must be a date-time with a timezone, e.g. 2026-01-01T00:00:00Z`. */
  message: string;
};

type Node = {
  /** JSON Pointer of the instance location this node is about. */
  pointer: string;
  schemaPath: string;
  /** True when the complaint is only that the value at `pointer` has the wrong JSON type. */
  shape: boolean;
  /** JSON types that would have been accepted at `pointer` (for shape nodes). */
  expectedTypes: string[];
  /** The raw keyword, kept for the enum + `ext:` pattern combination. */
  keyword: string;
  issues: ValidationIssue[];
};

const OB_CONTEXT_EXAMPLE = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const CLR_CONTEXT_EXAMPLE = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `/credentialSubject/result/0/value` → `credentialSubject.result[0].value`. */
export function pointerToPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const segment = decodeSegment(raw);
    if (/^\d+$/.test(segment)) {
      path += `[${segment}]`;
    } else if (/^[A-Za-z_@$][\w@$:-]*$/.test(segment)) {
      path += path === '' ? segment : `.${segment}`;
    } else {
      path += `[${JSON.stringify(segment)}]`;
    }
  }
  return path;
}

function childPointer(pointer: string, property: string): string {
  return `${pointer}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function isUnder(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function quote(value: unknown): string {
  return JSON.stringify(value);
}

/** The `$defs` entry a schema node is, if any: `…#/$defs/Image` → `Image`. */
function definitionName(schemaNode: unknown): string | undefined {
  const location = locateSchemaNode(schemaNode);
  if (location === undefined) {
    return undefined;
  }
  const match = /#\/\$defs\/([^/]+)$/.exec(decodeURIComponent(location));
  return match?.[1];
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'an array (a list)',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'null',
};

function describeTypes(types: readonly string[]): string {
  const unique = [...new Set(types)];
  return unique.map((type) => TYPE_NAMES[type] ?? type).join(' or ');
}

function typeMessage(error: ErrorObject, expected: string[]): string {
  const definition = definitionName(error.parentSchema);
  if (definition === 'Image' && typeof error.data === 'string') {
    return 'must be an object like {"id": "<image URL>", "type": "Image"}, not a plain URL';
  }
  if (expected.length === 1 && expected[0] === 'array' && !Array.isArray(error.data)) {
    return 'must be an array (a list), not a single value: wrap it in [ ]';
  }
  return `must be ${describeTypes(expected)}`;
}

function patternMessage(pattern: string): string {
  if (pattern.includes('ob\\/v3p0\\/context')) {
    return `must be an Open Badges 3.0 context URL, e.g. ${OB_CONTEXT_EXAMPLE}`;
  }
  if (pattern.includes('clr\\/v2p0\\/context')) {
    return `must be a CLR 2.0 context URL, e.g. ${CLR_CONTEXT_EXAMPLE}`;
  }
  if (pattern.includes('(ext:)')) {
    return 'must be an extension term starting with "ext:", e.g. "ext:MyTerm"';
  }
  if (pattern.startsWith('^[a-zA-Z0-9_-]+\\.')) {
    return 'must be a compact JWS (header.payload.signature)';
  }
  if (pattern.startsWith('^[a-z]{2,4}(-[A-Z][a-z]{3})?')) {
    return 'must be a language tag like "en", "en-US" or "zh-Hant-TW"';
  }
  if (pattern === '^[a-z]{2}(-[A-Z]{2})?$') {
    return 'must be a language code like "en" or "en-US"';
  }
  return `must match the pattern ${pattern}`;
}

function formatMessage(format: string): string {
  switch (format) {
    case 'date-time':
      return 'must be a date-time with a timezone, e.g. 2026-01-01T00:00:00Z';
    case 'date':
      return 'must be a date like 2026-01-01';
    default:
      return `must be a valid ${format}`;
  }
}

function enumMessage(values: readonly unknown[]): string {
  if (values.length === 1) {
    return `must be ${quote(values[0])}`;
  }
  return `must be one of: ${values.map((value) => String(value)).join(', ')}`;
}

function containsMessage(schema: unknown): string {
  const subschema = (schema ?? {}) as { enum?: unknown[]; const?: unknown };
  if (Array.isArray(subschema.enum)) {
    return `must contain ${subschema.enum.map(quote).join(' or ')}`;
  }
  if ('const' in subschema) {
    return `must contain ${quote(subschema.const)}`;
  }
  return 'must contain at least one valid item';
}

function simpleNode(error: ErrorObject, pointer: string): Node {
  const node = (path: string, message: string, shape = false, expectedTypes: string[] = []): Node => ({
    pointer,
    schemaPath: error.schemaPath,
    shape,
    expectedTypes,
    keyword: error.keyword,
    issues: [{ path, message }],
  });
  const path = pointerToPath(pointer);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return node(pointerToPath(childPointer(pointer, String(params.missingProperty))), 'is required');
    case 'type': {
      const expected = ([] as string[]).concat(params.type as string | string[]);
      return node(path, typeMessage(error, expected), true, expected);
    }
    case 'format':
      return node(path, formatMessage(String(params.format)));
    case 'enum':
      return node(path, enumMessage((params.allowedValues as unknown[]) ?? []));
    case 'const':
      return node(path, `must be ${quote(params.allowedValue)}`);
    case 'contains':
      return node(path, containsMessage(error.schema));
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const suffix = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
      return node(
        pointerToPath(childPointer(pointer, String(params.additionalProperty))),
        `is not allowed here${suffix}`,
      );
    }
    case 'pattern':
      return node(path, patternMessage(String(params.pattern)));
    case 'propertyNames':
      return node(path, `has a property name that is not allowed: ${quote(params.propertyName)}`);
    case 'minItems':
      return node(
        path,
        path === '@context'
          ? `must list at least ${String(params.limit)} contexts`
          : `must have at least ${String(params.limit)} item(s)`,
      );
    case 'maxItems':
      return node(path, `must have at most ${String(params.limit)} item(s)`);
    default:
      return node(path, error.message ?? 'is not valid');
  }
}

/** Explains a failed `oneOf`/`anyOf` by validating the data against each alternative on its own. */
function alternativesNode(error: ErrorObject, pointer: string): Node {
  const fallback: Node = {
    pointer,
    schemaPath: error.schemaPath,
    shape: false,
    expectedTypes: [],
    keyword: error.keyword,
    issues: [{ path: pointerToPath(pointer), message: 'does not match any of the allowed forms' }],
  };
  const location = locateSchemaNode(error.parentSchema);
  const alternatives = error.schema;
  if (location === undefined || !Array.isArray(alternatives)) {
    return fallback;
  }
  if (
    error.keyword === 'oneOf' &&
    Array.isArray((error.params as { passingSchemas?: unknown }).passingSchemas)
  ) {
    return {
      ...fallback,
      issues: [{ path: pointerToPath(pointer), message: 'matches more than one allowed form' }],
    };
  }
  const branches: Node[][] = [];
  for (let index = 0; index < alternatives.length; index++) {
    let validate: ReturnType<typeof getValidator>;
    try {
      validate = getValidator(`${location}/${error.keyword}/${index}`);
    } catch {
      return fallback;
    }
    if (validate(error.data)) {
      return { ...fallback, issues: [] };
    }
    branches.push(buildNodes(validate.errors ?? [], pointer));
  }
  const isShapeOnly = (nodes: Node[]): boolean =>
    nodes.length > 0 && nodes.every((node) => node.shape && node.pointer === pointer);

  // "One of these values, or an ext: term": an enum branch and an extension-pattern branch.
  const enumBranch = branches.find((nodes) => nodes.length === 1 && nodes[0]?.keyword === 'enum');
  const extBranch = branches.find(
    (nodes) => nodes.length === 1 && nodes[0]?.keyword === 'pattern' && nodes[0].pointer === pointer,
  );
  const enumIssue = enumBranch?.[0]?.issues[0];
  if (enumIssue !== undefined && extBranch !== undefined && enumBranch?.[0]?.pointer === pointer) {
    return {
      ...fallback,
      keyword: 'enum',
      issues: [
        { path: enumIssue.path, message: `${enumIssue.message}, or an extension term like "ext:MyTerm"` },
      ],
    };
  }

  const candidates = branches.filter((nodes) => !isShapeOnly(nodes));
  if (candidates.length === 0) {
    const expected = branches.flatMap((nodes) => nodes.flatMap((node) => node.expectedTypes));
    const firstIssue = branches[0]?.[0]?.issues[0];
    // A single distinct expectation keeps its tailored message (e.g. the Image hint).
    if (new Set(expected).size <= 1 && firstIssue !== undefined) {
      return { ...fallback, shape: true, expectedTypes: expected, keyword: 'type', issues: [firstIssue] };
    }
    return {
      ...fallback,
      shape: true,
      expectedTypes: expected,
      keyword: 'type',
      issues: [{ path: pointerToPath(pointer), message: `must be ${describeTypes(expected)}` }],
    };
  }
  const count = (nodes: Node[]): number => nodes.reduce((sum, node) => sum + node.issues.length, 0);
  let best = candidates[0] as Node[];
  for (const nodes of candidates) {
    if (count(nodes) < count(best)) {
      best = nodes;
    }
  }
  return { ...fallback, issues: best.flatMap((node) => node.issues) };
}

/**
 * Groups Ajv's flat, ordered error list into nodes. Ajv emits an alternative's errors right before
 * the `oneOf`/`anyOf` error itself, all at or below its instance path (in the bundled schemas a
 * `oneOf`/`anyOf` never shares its schema object with another keyword), so we drop those and explain
 * the alternatives afresh. Likewise the per-item errors that precede a failed `contains`.
 */
function buildNodes(errors: readonly ErrorObject[], prefix: string): Node[] {
  const nodes: Node[] = [];
  for (const error of errors) {
    const pointer = prefix + error.instancePath;
    if (error.keyword === 'oneOf' || error.keyword === 'anyOf') {
      while (nodes.length > 0 && isUnder((nodes.at(-1) as Node).pointer, pointer)) {
        nodes.pop();
      }
      nodes.push(alternativesNode(error, pointer));
    } else if (error.keyword === 'contains') {
      while (nodes.length > 0) {
        const last = nodes.at(-1) as Node;
        if (!isUnder(last.pointer, pointer) || !last.schemaPath.startsWith(`${error.schemaPath}/`)) {
          break;
        }
        nodes.pop();
      }
      nodes.push(simpleNode(error, pointer));
    } else {
      nodes.push(simpleNode(error, pointer));
    }
  }
  return nodes;
}

/** Re-roots issue paths under `prefix`, e.g. `type` under `credentialSubject.verifiableCredential[0]`. */
export function prefixIssues(prefix: string, issues: readonly ValidationIssue[]): ValidationIssue[] {
  if (prefix === '') {
    return [...issues];
  }
  return issues.map(({ path, message }) => ({
    path: path === '' ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`,
    message,
  }));
}

/** Removes repeated issues (same path and message), keeping the first. */
export function dedupeIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/**
 * Translates the errors of a validator run (created by `getValidator`) into de-duplicated issues.
 * @param prefix JSON Pointer prepended to every instance path, for data validated out of context.
 */
export function explainSchemaErrors(
  errors: readonly ErrorObject[] | null | undefined,
  prefix = '',
): ValidationIssue[] {
  return dedupeIssues(buildNodes(errors ?? [], prefix).flatMap((node) => node.issues));
}
