/**
 * Bitstring Status Lists (W3C Recommendation) and the 1EdTech Revocation List: the bitstring and its
 * `encodedList`, random index allocation, the list credential and the entry a credential carries, and
 * the status checker `verifyCredential` takes. Pure and isomorphic: fetch, clock and randomness are
 * injected.
 * @module
 */
export {
  type AllocateIndexOptions,
  type AllocationResult,
  allocateIndex,
  type RandomSource,
  randomBelow,
  type UsedIndexes,
} from './allocate.js';
export {
  type Bitstring,
  checkListLength,
  createBitstring,
  DEFAULT_MAX_BITSTRING_BYTES,
  type DecodedList,
  decodeEncodedList,
  encodeBitstring,
  entryCount,
  getStatus,
  isSupportedStatusSize,
  MAX_STATUS_SIZE,
  MIN_STATUS_LIST_ENTRIES,
  parseStatusListIndex,
  type StatusListResult,
  setStatus,
} from './bitstring.js';
export {
  buildStatusEntry,
  requireStatusPurpose,
  STATUS_PURPOSES,
  type StatusEntryInput,
  type StatusMessage,
  type StatusPurpose,
} from './build-status-entry.js';
export {
  type BitstringStatusListCredential,
  buildStatusListCredential,
  type StatusListCredentialInput,
} from './build-status-list-credential.js';
export {
  createStatusChecker,
  createStatusListCache,
  type FetchStatusList,
  type PreparedStatusList,
  type StatusCheckerDependencies,
  type StatusListResponse,
} from './check-status.js';
export { permutedIndex } from './permuted-index.js';
export { type CachedStatusList, StatusListCache, type StatusListCacheOptions } from './status-list-cache.js';
