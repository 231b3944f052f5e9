// Text in a workbook exactly: XML cannot carry a CR (a parser reads it as LF) nor most control characters
// (exceljs drops them, DEL included), so a text cell writes them with OOXML's own escape `_xHHHH_` (ST_Xstring,
// ECMA-376 Part 1, 22.9.2.19), which Excel and LibreOffice decode; a literal `_x000D_` in a text gets its `_`
// escaped (`_x005F_x000D_`) so that it stays literal. The export writes text cells with encodeSheetText, the
// import reads string cells with decodeSheetText: decodeSheetText(encodeSheetText(t)) === t for every text t.

// a literal `_` is escaped before any `xHHHH`, not only before `xHHHH_`: the next character may itself be written
// as an escape, whose `_` would complete the pattern (`_x5F0D` + CR would read back as U+5F0D)
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4})/g;
const ESCAPED = /_x([0-9A-Fa-f]{4})_/g;

export function encodeSheetText(text: string): string {
  return text.replace(UNSAFE, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

export function decodeSheetText(text: string): string {
  return text.replace(ESCAPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
