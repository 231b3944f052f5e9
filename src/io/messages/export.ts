// Messages of the `export` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const exportMessages = {
  'cmd.export': { id: 'Ekspor data ke CSV atau XLSX (dialirkan dari server)', en: 'Export data as CSV or XLSX (streamed from the server)' },
  'cmd.export.cases': {
    id: 'Ekspor laporan ke CSV atau XLSX: profil statistik (bawaan), lengkap atau data pribadi; ke stdout atau berkas',
    en: 'Export cases as CSV or XLSX: statistical (default), full or personal-data profile; to stdout or a file',
  },

  'export.flag.year': { id: 'laporan yang masuk pada tahun ini (waktu setempat)', en: 'cases submitted in this year (local time)' },
  'export.flag.profile': {
    id: 'statistical: tanpa teks bebas dan data pelapor; full: dengan judul dan isi (admin); pii: dengan data pelapor (admin nasional, perlu --purpose)',
    en: 'statistical: no free text, no reporter; full: with title and body (admins); pii: with the reporter (national admins, needs --purpose)',
  },
  'export.flag.purpose': {
    id: 'keperluan ekspor data pribadi (dicatat di log audit)',
    en: 'why personal data is exported (written to the audit log)',
  },
  'export.flag.dialect': {
    id: 'rfc4180: koma, CRLF; excel-id: BOM UTF-8, titik koma, CRLF (spreadsheet berlokal Indonesia)',
    en: 'rfc4180: comma, CRLF; excel-id: UTF-8 BOM, semicolon, CRLF (Indonesian-locale spreadsheets)',
  },
  'export.flag.header': {
    id: 'judul kolom: id (Indonesia), en (Inggris), name (nama mesin yang tetap)',
    en: 'column headers: id (Indonesian), en (English), name (stable machine names)',
  },
  'export.flag.output': {
    id: 'tulis ke berkas ini (utuh atau tidak sama sekali); tanpa opsi ini atau "-": stdout',
    en: 'write to this file (whole or not at all); without it or with "-": stdout',
  },
  'export.flag.search': {
    id: 'cari di judul atau ID (hanya dengan --content full atau pii)',
    en: 'search the title or ID (only with --content full or pii)',
  },

  'export.usage.expectedYear': { id: 'harus tahun 1990–2100', en: 'expected a year 1990–2100' },
  'export.usage.purposeRequired': {
    id: '--content pii memerlukan --purpose: keperluan ekspor data pribadi dicatat di log audit',
    en: '--content pii needs --purpose: why personal data is exported goes into the audit log',
  },
  'export.usage.purposeOnlyPii': { id: '--purpose hanya untuk --content pii', en: '--purpose is only for --content pii' },
  'export.usage.searchNeedsText': {
    id: '--search memerlukan profil dengan teks bebas (--content full atau pii)',
    en: '--search needs a profile with free text (--content full or pii)',
  },
  'export.error.outputDir': {
    id: 'tidak dapat menulis di direktori {dir}: {reason}',
    en: 'cannot write in directory {dir}: {reason}',
  },
  'export.error.outputIsDir': { id: '{file} adalah direktori; beri nama berkas', en: '{file} is a directory; give a file name' },
  'export.error.outputHint': {
    id: 'tidak ada berkas yang ditulis; periksa jalur dan izin, lalu ulangi',
    en: 'no file was written; check the path and permissions, then run again',
  },
  'export.error.failedNothingWritten': {
    id: 'ekspor terputus; {file} tidak ditulis (berkas sementara dihapus)',
    en: 'the export broke off; {file} was not written (the temporary file was removed)',
  },

  'export.progress': { id: 'Mengekspor (baris)', en: 'Exporting (rows)' },
  'export.done': { id: '{rows} laporan diekspor ke {file} (profil {profile}, {dialect})', en: '{rows} cases exported to {file} ({profile} profile, {dialect})' },
  'export.doneNoCount': { id: 'laporan diekspor ke {file} (profil {profile}, {dialect})', en: 'cases exported to {file} ({profile} profile, {dialect})' },
  'export.stdout': { id: 'stdout', en: 'stdout' },
  'export.piiNotice': {
    id: 'data pribadi: ekspor ini tercatat di log audit; berkas bermode 0600 — simpan dan hapus sesuai keperluannya',
    en: 'personal data: this export is recorded in the audit log; the file has mode 0600 — keep and delete it as its purpose requires',
  },

  // XLSX, time zone and labels (#17)
  'export.flag.format': {
    id: 'csv atau xlsx (sel bertipe: teks tetap teks, tanggal sebagai tanggal; header dibekukan)',
    en: 'csv or xlsx (typed cells: text stays text, dates as dates; header row frozen)',
  },
  'export.flag.timezone': {
    id: 'waktu dalam zona ini (Asia/Makassar, WITA, +08:00); bawaan: UTC',
    en: 'times in this zone (Asia/Makassar, WITA, +08:00); default: UTC',
  },
  'export.flag.labels': {
    id: 'status, klasifikasi, alasan arsip dan kanal sebagai nama LAPOR! (id atau en); bawaan: kode mesin',
    en: 'status, classification, archive reason and channel as LAPOR! names them (id or en); default: machine codes',
  },
  'export.usage.expectedZone': {
    id: 'harus zona waktu IANA (Asia/Jakarta), WIB/WITA/WIT/UTC atau selisih ±HH:MM',
    en: 'expected an IANA time zone (Asia/Jakarta), WIB/WITA/WIT/UTC or an offset ±HH:MM',
  },
  'export.usage.binaryToTerminal': {
    id: 'XLSX adalah berkas biner dan tidak ditulis ke terminal: beri -o BERKAS.xlsx atau alirkan ke pipa (| atau >)',
    en: 'XLSX is a binary file and is not written to a terminal: give -o FILE.xlsx or redirect to a pipe or file (| or >)',
  },
  'export.error.noHeader': { id: 'ekspor dari server tanpa baris header', en: 'the server\'s export has no header row' },
  'export.error.unknownColumn': {
    id: 'ekspor dari server memuat kolom yang tidak dikenal klien ini: {column} (perbarui lapor)',
    en: 'the server\'s export holds a column this client does not know: {column} (update lapor)',
  },
} as const;
