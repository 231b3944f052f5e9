// The project's own CSV columns for cases: one stable machine name (the API's JSON field name), an Indonesian
// and an English header, and the kind of value. Export writes them; import reads them back under any of the
// three names, so an export in these columns imports back to the same cases. Pure: no IO.

export type CaseColumnKind = 'text' | 'date' | 'instant' | 'boolean' | 'integer';

/** Which export profiles carry the column: free text only in `full`/`pii`, reporter identity only in `pii`. */
export type CaseColumnClass = 'structured' | 'free_text' | 'reporter';

export interface CaseColumn {
  /** Stable machine name; equal to the Case (or reporter) field name in the API. */
  name: string;
  id: string;
  en: string;
  kind: CaseColumnKind;
  class: CaseColumnClass;
  /** Must be present on import. */
  required?: boolean;
}

const COLUMN_TABLE = [
  { name: 'trackingId', id: 'ID Pelacakan', en: 'Tracking ID', kind: 'text', class: 'structured', required: true },
  { name: 'classification', id: 'Klasifikasi', en: 'Classification', kind: 'text', class: 'structured', required: true },
  { name: 'categoryId', id: 'Kategori', en: 'Category', kind: 'text', class: 'structured' },
  { name: 'title', id: 'Judul', en: 'Title', kind: 'text', class: 'free_text' },
  { name: 'body', id: 'Isi', en: 'Body', kind: 'text', class: 'free_text' },
  { name: 'incidentDate', id: 'Tanggal Kejadian', en: 'Incident date', kind: 'date', class: 'structured' },
  { name: 'province', id: 'Provinsi', en: 'Province', kind: 'text', class: 'structured' },
  { name: 'regency', id: 'Kota/Kabupaten', en: 'Regency/City', kind: 'text', class: 'structured' },
  { name: 'district', id: 'Kecamatan', en: 'District', kind: 'text', class: 'structured' },
  { name: 'village', id: 'Desa/Kelurahan', en: 'Village', kind: 'text', class: 'structured' },
  { name: 'regionCode', id: 'Kode Wilayah', en: 'Region code', kind: 'text', class: 'structured' },
  { name: 'channel', id: 'Sumber Laporan', en: 'Channel', kind: 'text', class: 'structured', required: true },
  { name: 'anonymous', id: 'Anonim', en: 'Anonymous', kind: 'boolean', class: 'structured' },
  { name: 'confidential', id: 'Rahasia', en: 'Confidential', kind: 'boolean', class: 'structured' },
  { name: 'institutionId', id: 'Instansi', en: 'Institution', kind: 'text', class: 'structured' },
  { name: 'status', id: 'Status', en: 'Status', kind: 'text', class: 'structured', required: true },
  { name: 'closedBy', id: 'Ditutup Oleh', en: 'Closed by', kind: 'text', class: 'structured' },
  { name: 'archiveReason', id: 'Alasan Arsip', en: 'Archive reason', kind: 'text', class: 'structured' },
  { name: 'rating', id: 'Penilaian', en: 'Rating', kind: 'integer', class: 'structured' },
  { name: 'submittedAt', id: 'Waktu Masuk', en: 'Submitted at', kind: 'instant', class: 'structured', required: true },
  { name: 'verifiedAt', id: 'Waktu Verifikasi', en: 'Verified at', kind: 'instant', class: 'structured' },
  { name: 'disposedAt', id: 'Waktu Disposisi', en: 'Disposed at', kind: 'instant', class: 'structured' },
  { name: 'firstResponseAt', id: 'Tindak Lanjut Pertama', en: 'First response at', kind: 'instant', class: 'structured' },
  { name: 'lastResponseAt', id: 'Tindak Lanjut Terakhir', en: 'Last response at', kind: 'instant', class: 'structured' },
  { name: 'lastReporterReplyAt', id: 'Balasan Pelapor Terakhir', en: 'Last reporter reply at', kind: 'instant', class: 'structured' },
  { name: 'closedAt', id: 'Waktu Selesai', en: 'Closed at', kind: 'instant', class: 'structured' },
  { name: 'reporterName', id: 'Nama Pelapor', en: 'Reporter name', kind: 'text', class: 'reporter' },
  { name: 'reporterContact', id: 'Kontak Pelapor', en: 'Reporter contact', kind: 'text', class: 'reporter' },
  { name: 'reporterNik', id: 'NIK Pelapor', en: 'Reporter NIK', kind: 'text', class: 'reporter' },
] as const satisfies readonly CaseColumn[];

export const CASE_COLUMNS: readonly CaseColumn[] = COLUMN_TABLE;

/** The machine name of one of the project's own columns. */
export type CaseColumnName = (typeof COLUMN_TABLE)[number]['name'];

/** Finds a column by its machine name or either header, ignoring case and surrounding space. */
export function findCaseColumn(header: string): CaseColumn | undefined {
  const key = header.trim().toLowerCase();
  return CASE_COLUMNS.find((c) => c.name.toLowerCase() === key || c.id.toLowerCase() === key || c.en.toLowerCase() === key);
}
