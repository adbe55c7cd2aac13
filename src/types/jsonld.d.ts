// Minimal typings for the parts of `jsonld` (no published types for v9) Cairn uses.
declare module 'jsonld' {
  export type RemoteDocument = { contextUrl: string | null; documentUrl: string; document: unknown };
  export type DocumentLoader = (url: string) => Promise<RemoteDocument>;
  export type JsonLdOptions = {
    documentLoader?: DocumentLoader;
    safe?: boolean;
    base?: string | null;
    format?: 'application/n-quads';
    algorithm?: string;
    skipExpansion?: boolean;
    produceGeneralizedRdf?: boolean;
    rdfDirection?: 'i18n-datatype' | null;
  };
  export type Quad = {
    subject: { termType: string; value: string };
    predicate: { termType: string; value: string };
    object: {
      termType: string;
      value: string;
      datatype?: { termType: string; value: string };
      language?: string;
    };
    graph: { termType: string; value: string };
  };
  const jsonld: {
    canonize(input: unknown, options?: JsonLdOptions): Promise<string>;
    toRDF(input: unknown, options?: JsonLdOptions): Promise<Quad[] | string>;
    expand(input: unknown, options?: JsonLdOptions): Promise<unknown[]>;
    compact(input: unknown, context: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>>;
  };
  export default jsonld;
}

declare module 'rdf-canonize' {
  export function canonize(
    input: unknown,
    options: { algorithm: 'RDFC-1.0'; inputFormat?: 'application/n-quads'; format?: 'application/n-quads' },
  ): Promise<string>;
}
