/**
 * Builds an OB 3.0 Profile: the issuer of a credential, the creator of an achievement, an endorser,
 * or a learner's source organisation.
 */

import { assertDefinition, assertSignableTerms } from './build-checks.js';
import {
  type AddressInput,
  buildAddress,
  buildIdentifierEntry,
  buildImage,
  cloneJson,
  type IdentifierEntryInput,
  type ImageInput,
  mapList,
  optionalDate,
  optionalText,
  optionalUri,
  requireUri,
  withoutEmpty,
} from './build-parts.js';
import type { EndorsementCredential, Profile } from './types.js';

export type ProfileInput = {
  /** The profile's URI: an https URL or a DID. For an issuer it must be the signing key's controller. */
  id: string;
  /** Displayers show it; always set it for an issuer. */
  name?: string;
  url?: string;
  phone?: string;
  description?: string;
  email?: string;
  image?: ImageInput;
  address?: AddressInput;
  otherIdentifier?: readonly IdentifierEntryInput[];
  /** Name of the organisation's official representative. */
  official?: string;
  /** The parent organisation, built with `buildProfile`. */
  parentOrg?: Profile;
  /** Endorsements of this profile: complete EndorsementCredentials, signed by their issuers. */
  endorsement?: readonly EndorsementCredential[];
  givenName?: string;
  familyName?: string;
  additionalName?: string;
  patronymicName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
  familyNamePrefix?: string;
  /** An XML Schema date, e.g. `1990-04-01`. */
  dateOfBirth?: string;
};

/**
 * Builds a Profile with `type: ["Profile"]`, an Image object for `image`, arrays for the list
 * properties, and every empty value left out.
 *
 * @throws AppError INVALID_INPUT when `id`, `url` or an image is not an absolute URI, `dateOfBirth`
 *   is not a date, or the result does not match the OB 3.0 Profile schema.
 * @see https://www.imsglobal.org/spec/ob/v3p0/#profile
 * @example
 *   const issuer = buildProfile({
 *     id: 'https://cairn.example/issuers/acme',
 *     name: 'Acme Academy',
 *     url: 'https://acme.example',
 *     image: 'https://acme.example/logo.png',
 *   });
 *   // { id: 'https://cairn.example/issuers/acme', type: ['Profile'], name: 'Acme Academy',
 *   //   url: 'https://acme.example', image: { id: 'https://acme.example/logo.png', type: 'Image' } }
 */
export function buildProfile(input: ProfileInput): Profile {
  const field = 'profile';
  const profile = withoutEmpty<Profile>({
    id: requireUri(input.id, `${field}.id`),
    type: ['Profile'],
    name: optionalText(input.name, `${field}.name`),
    url: optionalUri(input.url, `${field}.url`),
    phone: optionalText(input.phone, `${field}.phone`),
    description: optionalText(input.description, `${field}.description`),
    email: optionalText(input.email, `${field}.email`),
    image: buildImage(input.image, `${field}.image`),
    address: input.address === undefined ? undefined : buildAddress(input.address, `${field}.address`),
    otherIdentifier: mapList(input.otherIdentifier, `${field}.otherIdentifier`, buildIdentifierEntry),
    official: optionalText(input.official, `${field}.official`),
    parentOrg: input.parentOrg === undefined ? undefined : cloneJson(input.parentOrg),
    endorsement: input.endorsement === undefined ? undefined : cloneJson([...input.endorsement]),
    givenName: optionalText(input.givenName, `${field}.givenName`),
    familyName: optionalText(input.familyName, `${field}.familyName`),
    additionalName: optionalText(input.additionalName, `${field}.additionalName`),
    patronymicName: optionalText(input.patronymicName, `${field}.patronymicName`),
    honorificPrefix: optionalText(input.honorificPrefix, `${field}.honorificPrefix`),
    honorificSuffix: optionalText(input.honorificSuffix, `${field}.honorificSuffix`),
    familyNamePrefix: optionalText(input.familyNamePrefix, `${field}.familyNamePrefix`),
    dateOfBirth: optionalDate(input.dateOfBirth, `${field}.dateOfBirth`),
  });
  assertSignableTerms(profile, field);
  assertDefinition(profile, 'Profile', field);
  return profile;
}
