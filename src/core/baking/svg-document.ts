import { AppError } from '../../errors.js';
import { BAKING_NAMES } from './constants.js';
import { tokenizeXml, type XmlToken } from './xml-tokenizer.js';

type StartTag = Extract<XmlToken, { kind: 'start-tag' }>;

/** A namespace binding, and the offset of the start tag that declared it (-1: built in). */
type Binding = { uri: string; declaredAt: number };

/** A baked credential element (OB 3.0 `credential` or OB 2.0 `assertion`) found in an SVG. */
export type BakedSvgElement = {
  obVersion: '3.0' | '2.0';
  /** The raw value of its unprefixed `verify` attribute, if it has one. */
  verify: string | undefined;
  /** Its character data in document order: raw text (references undecoded) and CDATA sections. */
  content: Array<{ kind: 'text' | 'cdata'; value: string }>;
  start: number;
  end: number;
};

/** What baking and extraction need to know about an SVG document. */
export type SvgDocument = {
  root: StartTag;
  /** Every baked credential element, outermost only, in document order. */
  baked: BakedSvgElement[];
  /** Offsets of the names (elements and attributes) whose prefix resolves to the root's own `xmlns:openbadges`. */
  rootPrefixUses: number[];
};

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/**
 * The namespace bindings in scope, as one stack of bindings per prefix ('' is the default namespace):
 * entering an element pushes what it declares, leaving it pops them. Lookups and updates cost O(1), so a
 * deeply nested document that declares a prefix on every element still takes linear time and memory.
 */
class NamespaceScope {
  readonly #bindings = new Map<string, Binding[]>([['xml', [{ uri: XML_NAMESPACE, declaredAt: -1 }]]]);

  /** Pushes the `xmlns` and `xmlns:p` attributes of `tag`; returns the prefixes to pop when it closes. */
  enter(tag: StartTag): string[] {
    const declared: string[] = [];
    for (const attribute of tag.attributes) {
      if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) {
        const prefix = attribute.name === 'xmlns' ? '' : attribute.name.slice(6);
        // Namespace names are compared as strings (Namespaces in XML §2.3); references in them are not expanded.
        const stack = this.#bindings.get(prefix) ?? [];
        stack.push({ uri: attribute.value, declaredAt: tag.start });
        this.#bindings.set(prefix, stack);
        declared.push(prefix);
      }
    }
    return declared;
  }

  leave(declared: string[]): void {
    for (const prefix of declared) {
      this.#bindings.get(prefix)?.pop();
    }
  }

  lookup(prefix: string): Binding | undefined {
    return this.#bindings.get(prefix)?.at(-1);
  }
}

function invalid(detail: string): AppError {
  return new AppError('IMAGE_INVALID', `The SVG is not well-formed XML: ${detail}`);
}

function splitName(name: string): { prefix: string; local: string } {
  const colon = name.indexOf(':');
  return colon < 0
    ? { prefix: '', local: name }
    : { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
}

function bakedVersion(scope: NamespaceScope, name: string): '3.0' | '2.0' | undefined {
  const { prefix, local } = splitName(name);
  const uri = scope.lookup(prefix)?.uri;
  if (uri === BAKING_NAMES.OB3_SVG_NAMESPACE && local === BAKING_NAMES.OB3_SVG_ELEMENT) {
    return '3.0';
  }
  if (uri === BAKING_NAMES.OB2_SVG_NAMESPACE && local === BAKING_NAMES.OB2_SVG_ELEMENT) {
    return '2.0';
  }
  return undefined;
}

/**
 * Reads an SVG document through, checking that it is well-formed (one root element named `svg`, tags
 * nested and closed, no text or CDATA outside the root, DOCTYPE only before it) and resolving namespaces
 * to find the OB 3.0 `credential` and OB 2.0 `assertion` elements, whatever prefix they use.
 * Comments, CDATA sections, processing instructions and attribute values are never mistaken for elements.
 *
 * Fails with `IMAGE_INVALID` when the document is not well-formed or its root is not `svg`.
 */
export function readSvgDocument(svg: string): SvgDocument {
  const scope = new NamespaceScope();
  const stack: Array<{ name: string; declared: string[] }> = [];
  const baked: BakedSvgElement[] = [];
  const rootPrefixUses: number[] = [];
  let root: StartTag | undefined;
  let current: { element: BakedSvgElement; depth: number } | undefined;

  const finish = (end: number) => {
    if (current) {
      current.element.end = end;
      baked.push(current.element);
      current = undefined;
    }
  };

  // A byte order mark may precede the document.
  for (const token of tokenizeXml(svg, svg.startsWith('\uFEFF') ? 1 : 0)) {
    switch (token.kind) {
      case 'start-tag': {
        if (stack.length === 0 && root !== undefined) {
          throw invalid(`a second root element <${token.name}> at offset ${token.start}`);
        }
        const declared = scope.enter(token);
        if (root === undefined) {
          if (splitName(token.name).local !== 'svg') {
            throw new AppError('IMAGE_INVALID', `The document's root element is <${token.name}>, not <svg>`);
          }
          root = token;
        }
        for (const name of [token.name, ...token.attributes.map((attribute) => attribute.name)]) {
          if (
            splitName(name).prefix === BAKING_NAMES.SVG_PREFIX &&
            scope.lookup(BAKING_NAMES.SVG_PREFIX)?.declaredAt === root.start
          ) {
            rootPrefixUses.push(token.start);
          }
        }
        const obVersion = current === undefined ? bakedVersion(scope, token.name) : undefined;
        if (obVersion !== undefined) {
          const verify = token.attributes.find((attribute) => attribute.name === 'verify')?.value;
          current = {
            element: { obVersion, verify, content: [], start: token.start, end: token.end },
            depth: stack.length,
          };
        }
        if (!token.selfClosing) {
          stack.push({ name: token.name, declared });
          break;
        }
        scope.leave(declared);
        if (current?.depth === stack.length) {
          finish(token.end);
        }
        break;
      }
      case 'end-tag': {
        const open = stack.pop();
        if (open === undefined || open.name !== token.name) {
          throw invalid(
            `</${token.name}> at offset ${token.start} closes ${open ? `<${open.name}>` : 'nothing'}`,
          );
        }
        scope.leave(open.declared);
        if (current?.depth === stack.length) {
          finish(token.end);
        }
        break;
      }
      case 'text':
      case 'cdata': {
        if (stack.length === 0 && (token.kind === 'cdata' || /[^ \t\r\n]/.test(token.raw))) {
          throw invalid(`content outside the root element at offset ${token.start}`);
        }
        current?.element.content.push(
          token.kind === 'text' ? { kind: 'text', value: token.raw } : { kind: 'cdata', value: token.value },
        );
        break;
      }
      case 'doctype': {
        if (root !== undefined) {
          throw invalid(`a DOCTYPE after the root element starts, at offset ${token.start}`);
        }
        break;
      }
      case 'comment':
      case 'processing-instruction':
        break;
    }
  }
  if (root === undefined) {
    throw new AppError('IMAGE_INVALID', 'The document has no <svg> element');
  }
  const unclosed = stack.at(-1);
  if (unclosed !== undefined) {
    throw invalid(`<${unclosed.name}> is never closed (truncated?)`);
  }
  return { root, baked, rootPrefixUses };
}
