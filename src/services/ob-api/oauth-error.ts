/**
 * The errors of the Open Badges 3.0 API, in the shapes its standards prescribe: the OAuth endpoints answer
 * RFC 6749 §5.2 / RFC 7591 §3.2.2 / RFC 7009 bodies (`{error, error_description}`), the resource endpoints
 * 1EdTech's `Imsx_StatusInfo`. The `error` and `imsx_codeMinor` values are the stable codes here: they
 * are the standards' own vocabularies (docs/ob-api.md lists them), not Cairn's problem+json codes.
 */

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_client_metadata'
  | 'invalid_redirect_uri'
  | 'unsupported_token_type';

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    /** 400, except invalid_client: 401 (RFC 6749 §5.2, the client tried HTTP Basic authentication). */
    readonly status: number = error === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
  }
}

/** The `imsx_codeMinorFieldValue` vocabulary the resource endpoints use. */
export type ImsxCodeMinor =
  | 'forbidden'
  | 'internal_server_error'
  | 'invalid_data'
  | 'invalid_query_parameter'
  | 'not_acceptable'
  | 'not_found'
  | 'server_busy'
  | 'unauthorizedrequest'
  | 'unknown';

export class ImsxError extends Error {
  override readonly name = 'ImsxError';
  constructor(
    readonly status: number,
    readonly codeMinor: ImsxCodeMinor,
    readonly description: string,
    /** For 401 and 403: the RFC 6750 `error` of the WWW-Authenticate challenge. */
    readonly bearerError?: 'invalid_token' | 'insufficient_scope' | 'invalid_request',
  ) {
    super(description);
  }
}

export type ImsxStatusInfo = {
  imsx_codeMajor: 'failure' | 'processing' | 'success' | 'unsupported';
  imsx_severity: 'error' | 'status' | 'warning';
  imsx_description?: string;
  imsx_codeMinor?: {
    imsx_codeMinorField: { imsx_codeMinorFieldName: string; imsx_codeMinorFieldValue: ImsxCodeMinor }[];
  };
};

export function imsxStatusInfo(codeMinor: ImsxCodeMinor, description: string): ImsxStatusInfo {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_codeMinor: {
      imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'Cairn', imsx_codeMinorFieldValue: codeMinor }],
    },
  };
}
