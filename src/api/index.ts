// The API client's public surface: `import { createApiClient, ApiError } from '../api/index.js'`.

export { createApiClient, formatIssuePath, versionFromEtag, type ApiClientOptions } from './client.js';
export * from './errors.js';
export {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUTS,
  backoffDelay,
  encodeSegment,
  parseRetryAfter,
  seededRandom,
  type RetryOptions,
  type SleepFn,
  type Timeouts,
  type WaitReason,
} from './transport.js';
export type * from './types.js';
