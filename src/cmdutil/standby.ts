// The notice a report or an export read from the API's read standby prints on stderr: the time its data is
// from (the last transaction the standby had replayed), so nobody takes a lagging copy for the present.

import type { CallOptions } from '../api/types.js';
import { t } from '../io/i18n.js';
import type { Deps } from './deps.js';

/** Call options that print the standby notice on stderr. */
export function standbyNotice(deps: Pick<Deps, 'io' | 'lang'>): Pick<CallOptions, 'onStandbyData'> {
  return {
    onStandbyData: (asOf) =>
      void deps.io.err.write(`${asOf === null ? t(deps.lang, 'notice.standbyDataUnknown') : t(deps.lang, 'notice.standbyData', { asOf })}\n`),
  };
}
