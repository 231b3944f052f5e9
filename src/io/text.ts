// User text made safe for a terminal, in a module of its own: the error reporter needs it at every start
// (io/problems.ts), and format.ts, where the tables live, loads zod and the CSV writer.

// Any terminal escape sequence: CSI (incl. SGR colour), OSC (titles, hyperlinks), and two-byte escapes.
const ANY_ESCAPE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])/g;
export const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

/** User text made safe for one terminal cell: escape sequences removed, tabs/newlines/controls → spaces. */
export function sanitizeText(s: string): string {
  return s.replace(ANY_ESCAPE, '').replace(/\r\n/g, ' ').replace(CONTROL, ' ');
}
