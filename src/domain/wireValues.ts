// The wire forms of values that many schemas share (domain/schemas.ts, the case column catalogue, the case
// filters): one definition each.

import { z } from 'zod';

export const instant = z.iso.datetime({ offset: true });
export const date = z.iso.date();
/** An id of the reference data (institution, category, channel). */
export const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" or "-" (1–100)');
