// Messages in Indonesian (the default) and English.
//
// The whole catalogue is `messages`, below: one object literal, plus one per command area in messages/
// (so that engineers working on different commands do not edit one file). To add a message, add a key in English
// dot.notation (`<area>.<what>`) with both `id` and `en`; placeholders are written `{name}` and must be the
// same in both languages (test/io/i18n.test.ts checks this). `t(lang, key, params)` is typed from the
// catalogue: a missing or misspelt key or placeholder is a compile error.
//
// Plurals: a key that varies with a count comes as a pair `<base>.one` / `<base>.other`, both using `{n}`;
// call `tn(lang, base, n)`. Indonesian has no plural, so its two texts are usually the same.

import type { Case, ArchiveReason, Classification, ClockName, InstitutionLevel, Role, Status } from '../domain/types.js';
import type { ClockState } from '../domain/clocks.js';
import type { ExitCodeName } from './errors.js';
import { bulkMessages } from './messages/bulk.js';
import { slaMessages } from './messages/sla.js';
import { statsMessages } from './messages/stats.js';
import { exportMessages } from './messages/export.js';
import { auditMessages } from './messages/audit.js';
import { importMessages } from './messages/import.js';
import { triageMessages } from './messages/triage.js';

export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface MessageEntry {
  readonly id: string;
  readonly en: string;
}

export const messages = {
  ...bulkMessages,
  ...triageMessages,
  ...slaMessages,
  ...importMessages,
  ...statsMessages,
  ...exportMessages,
  ...auditMessages,
  // Case statuses, exactly as LAPOR! shows them.
  'status.submitted': { id: 'Belum Terverifikasi', en: 'Not verified' },
  'status.postponed': { id: 'Tertunda', en: 'Postponed' },
  'status.disposed': { id: 'Terdisposisi – Belum Ditindaklanjuti', en: 'Disposed – no follow-up yet' },
  'status.in_progress': { id: 'Terdisposisi – Sedang Diproses', en: 'Disposed – in progress' },
  'status.completed': { id: 'Selesai', en: 'Completed' },
  'status.archived': { id: 'Arsip', en: 'Archived' },

  // Short status names for table cells, where the full LAPOR! names do not fit (`show` uses the full ones).
  'statusShort.submitted': { id: 'Belum Verifikasi', en: 'Not verified' },
  'statusShort.postponed': { id: 'Tertunda', en: 'Postponed' },
  'statusShort.disposed': { id: 'Terdisposisi', en: 'Disposed' },
  'statusShort.in_progress': { id: 'Diproses', en: 'In progress' },
  'statusShort.completed': { id: 'Selesai', en: 'Completed' },
  'statusShort.archived': { id: 'Arsip', en: 'Archived' },

  // What an event of a case's history did.
  'action.submit': { id: 'Dilaporkan', en: 'Submitted' },
  'action.dispose': { id: 'Disposisi', en: 'Disposed' },
  'action.redispose': { id: 'Disposisi ulang', en: 'Redisposed' },
  'action.return': { id: 'Dikembalikan', en: 'Returned' },
  'action.postpone': { id: 'Ditunda', en: 'Postponed' },
  'action.resume': { id: 'Dilanjutkan', en: 'Resumed' },
  'action.archive': { id: 'Diarsipkan', en: 'Archived' },
  'action.respond': { id: 'Tindak lanjut', en: 'Follow-up' },
  'action.close': { id: 'Ditutup', en: 'Closed' },
  'action.reopen': { id: 'Dibuka kembali', en: 'Reopened' },
  'action.edit': { id: 'Diubah', en: 'Edited' },
  'action.pii_export': { id: 'Ekspor data pribadi', en: 'Personal data export' },
  'action.import': { id: 'Diimpor', en: 'Imported' },

  'classification.complaint': { id: 'Pengaduan', en: 'Complaint' },
  'classification.aspiration': { id: 'Aspirasi', en: 'Aspiration' },
  'classification.information_request': { id: 'Permintaan Informasi', en: 'Information request' },

  'role.national_admin': { id: 'Admin Nasional', en: 'National admin' },
  'role.institution_admin': { id: 'Admin Instansi', en: 'Institution admin' },
  'role.liaison': { id: 'Pejabat Penghubung', en: 'Liaison officer' },
  'role.statistician': { id: 'Statistisi', en: 'Statistician' },
  'role.system': { id: 'Sistem', en: 'System' },

  'clock.verify': { id: 'verifikasi', en: 'verification' },
  'clock.response': { id: 'tindak lanjut', en: 'follow-up' },
  'clock.completion': { id: 'penyelesaian', en: 'completion' },

  'clockState.met': { id: 'tepat waktu', en: 'on time' },
  'clockState.running': { id: 'berjalan', en: 'running' },
  'clockState.due_soon': { id: 'segera jatuh tempo', en: 'due soon' },
  'clockState.overdue': { id: 'terlambat', en: 'overdue' },
  'clockState.breached': { id: 'melewati batas', en: 'missed' },
  'clockState.not_started': { id: 'belum berjalan', en: 'not started' },

  'archiveReason.duplicate': { id: 'Duplikat', en: 'Duplicate' },
  'archiveReason.incomplete': { id: 'Tidak lengkap', en: 'Incomplete' },
  'archiveReason.not_public_service': { id: 'Bukan pelayanan publik', en: 'Not a public service' },
  'archiveReason.spam': { id: 'Spam', en: 'Spam' },
  'archiveReason.no_reporter_response': { id: 'Pelapor tidak menanggapi', en: 'No response from reporter' },
  'archiveReason.other': { id: 'Lainnya', en: 'Other' },

  'closedBy.admin': { id: 'admin', en: 'admin' },
  'closedBy.system': { id: 'sistem', en: 'system' },

  'institutionLevel.national': { id: 'Nasional', en: 'National' },
  'institutionLevel.ministry': { id: 'Kementerian/Lembaga', en: 'Ministry/agency' },
  'institutionLevel.province': { id: 'Provinsi', en: 'Province' },
  'institutionLevel.regency': { id: 'Kabupaten/Kota', en: 'Regency/city' },
  'institutionLevel.unit': { id: 'Unit/OPD', en: 'Unit' },

  // Column headers, one per Case field (upper-cased by the TTY table).
  'field.trackingId': { id: 'ID Pelacakan', en: 'Tracking ID' },
  'field.classification': { id: 'Klasifikasi', en: 'Classification' },
  'field.categoryId': { id: 'Kategori', en: 'Category' },
  'field.title': { id: 'Judul', en: 'Title' },
  'field.body': { id: 'Isi Laporan', en: 'Body' },
  'field.incidentDate': { id: 'Tanggal Kejadian', en: 'Incident date' },
  'field.province': { id: 'Provinsi', en: 'Province' },
  'field.regency': { id: 'Kabupaten/Kota', en: 'Regency/city' },
  'field.district': { id: 'Kecamatan', en: 'District' },
  'field.village': { id: 'Desa/Kelurahan', en: 'Village' },
  'field.regionCode': { id: 'Kode Wilayah', en: 'Region code' },
  'field.channel': { id: 'Kanal', en: 'Channel' },
  'field.anonymous': { id: 'Anonim', en: 'Anonymous' },
  'field.confidential': { id: 'Rahasia', en: 'Confidential' },
  'field.institutionId': { id: 'Instansi', en: 'Institution' },
  'field.status': { id: 'Status', en: 'Status' },
  'field.closedBy': { id: 'Ditutup Oleh', en: 'Closed by' },
  'field.archiveReason': { id: 'Alasan Arsip', en: 'Archive reason' },
  'field.rating': { id: 'Penilaian', en: 'Rating' },
  'field.submittedAt': { id: 'Masuk', en: 'Submitted' },
  'field.verifiedAt': { id: 'Diverifikasi', en: 'Verified' },
  'field.disposedAt': { id: 'Didisposisi', en: 'Disposed' },
  'field.firstResponseAt': { id: 'Tindak Lanjut Pertama', en: 'First follow-up' },
  'field.lastResponseAt': { id: 'Tindak Lanjut Terakhir', en: 'Last follow-up' },
  'field.lastReporterReplyAt': { id: 'Balasan Pelapor Terakhir', en: 'Last reporter reply' },
  'field.closedAt': { id: 'Ditutup', en: 'Closed' },
  'field.verifyDueAt': { id: 'Batas Verifikasi', en: 'Verify by' },
  'field.responseDueAt': { id: 'Batas Tindak Lanjut', en: 'Follow-up by' },
  'field.completionDueAt': { id: 'Batas Penyelesaian', en: 'Complete by' },
  'field.version': { id: 'Versi', en: 'Version' },

  // Exit codes (root --help epilogue; see errors.ts EXIT_CODES).
  'exit.title': { id: 'Kode keluar:', en: 'Exit codes:' },
  'exit.ok': { id: 'berhasil', en: 'success' },
  'exit.error': { id: 'galat', en: 'error' },
  'exit.usage': { id: 'penggunaan salah (opsi atau argumen tidak valid)', en: 'usage error (invalid flags or arguments)' },
  'exit.partial': {
    id: 'gagal sebagian (sebagian item gagal; sisanya sudah diterapkan)',
    en: 'partial failure (some items failed; the rest were applied)',
  },
  'exit.auth': { id: 'belum masuk atau tidak berwenang', en: 'not authenticated or not authorised' },
  'exit.busy': { id: 'sibuk (kunci sedang dipakai; coba lagi nanti)', en: 'busy (lock held; retry later)' },
  'exit.cancelled': { id: 'dibatalkan', en: 'cancelled' },

  // Generic messages.
  'common.noResults': { id: 'Tidak ada hasil', en: 'No results' },
  'common.errorPrefix': { id: 'galat', en: 'error' },
  'common.hintPrefix': { id: 'petunjuk', en: 'hint' },
  'common.warningPrefix': { id: 'peringatan', en: 'warning' },
  'common.yes': { id: 'ya', en: 'yes' },
  'common.no': { id: 'tidak', en: 'no' },
  'retry.waiting': {
    id: 'menunggu {seconds} dtk (server meminta mencoba lagi nanti)',
    en: 'waiting {seconds} s (server asked to retry later)',
  },
  'embedded.using': { id: 'memakai basis data tertanam di {dir}', en: 'using embedded database at {dir}' },
  'error.cancelled': { id: 'dibatalkan', en: 'cancelled' },
  'error.busy': {
    id: 'sibuk: proses lain sedang memakai basis data; coba lagi nanti',
    en: 'busy: another process holds the database; try again later',
  },

  // Confirmations and prompts.
  'confirm.proceed': { id: 'Lanjutkan?', en: 'Continue?' },
  'confirm.applyToCases': { id: 'Terapkan {action} pada {count} laporan?', en: 'Apply {action} to {count} cases?' },
  'confirm.yesRequired': {
    id: '--yes wajib dipakai jika tidak berjalan secara interaktif',
    en: '--yes is required when not running interactively',
  },
  'confirm.declined': { id: 'Tidak ada yang diubah', en: 'Nothing was changed' },
  'prompt.notInteractive': {
    id: 'tidak dapat bertanya "{message}": tidak berjalan secara interaktif',
    en: 'cannot ask "{message}": not running interactively',
  },
  'prompt.notInteractiveHint': {
    id: 'berikan jawabannya lewat opsi baris perintah (lihat --help)',
    en: 'give the answer as a command-line flag (see --help)',
  },

  // Output selection.
  'fields.unknown': { id: 'kolom tidak dikenal: {field}', en: 'unknown field: {field}' },
  'fields.empty': { id: '--fields tidak berisi nama kolom', en: '--fields names no field' },
  'fields.valid': { id: 'kolom yang tersedia: {fields}', en: 'valid fields: {fields}' },
  'format.unknown': { id: 'format tidak dikenal: {format}', en: 'unknown format: {format}' },
  'format.valid': { id: 'format yang tersedia: {formats}', en: 'valid formats: {formats}' },

  // Progress on stderr.
  'progress.eta': { id: 'sisa {time}', en: 'ETA {time}' },
  'progress.rate': { id: '{rate}/dtk', en: '{rate}/s' },
  'progress.summary': { id: '{label}: {count} selesai dalam {seconds} dtk', en: '{label}: {count} done in {seconds} s' },
  'progress.summaryTotal': {
    id: '{label}: {count} dari {total} selesai dalam {seconds} dtk',
    en: '{label}: {count} of {total} done in {seconds} s',
  },

  // Relative time. `time.ago.*` / `time.in.*` for instants, `time.overdue.*` for missed deadlines.
  'time.justNow': { id: 'baru saja', en: 'just now' },
  'time.inMoment': { id: 'sebentar lagi', en: 'in a moment' },
  'time.ago.minute.one': { id: '{n} menit lalu', en: '{n} minute ago' },
  'time.ago.minute.other': { id: '{n} menit lalu', en: '{n} minutes ago' },
  'time.ago.hour.one': { id: '{n} jam lalu', en: '{n} hour ago' },
  'time.ago.hour.other': { id: '{n} jam lalu', en: '{n} hours ago' },
  'time.ago.day.one': { id: '{n} hari lalu', en: '{n} day ago' },
  'time.ago.day.other': { id: '{n} hari lalu', en: '{n} days ago' },
  'time.ago.month.one': { id: '{n} bulan lalu', en: '{n} month ago' },
  'time.ago.month.other': { id: '{n} bulan lalu', en: '{n} months ago' },
  'time.ago.year.one': { id: '{n} tahun lalu', en: '{n} year ago' },
  'time.ago.year.other': { id: '{n} tahun lalu', en: '{n} years ago' },
  'time.in.minute.one': { id: '{n} menit lagi', en: 'in {n} minute' },
  'time.in.minute.other': { id: '{n} menit lagi', en: 'in {n} minutes' },
  'time.in.hour.one': { id: '{n} jam lagi', en: 'in {n} hour' },
  'time.in.hour.other': { id: '{n} jam lagi', en: 'in {n} hours' },
  'time.in.day.one': { id: '{n} hari lagi', en: 'in {n} day' },
  'time.in.day.other': { id: '{n} hari lagi', en: 'in {n} days' },
  'time.in.month.one': { id: '{n} bulan lagi', en: 'in {n} month' },
  'time.in.month.other': { id: '{n} bulan lagi', en: 'in {n} months' },
  'time.in.year.one': { id: '{n} tahun lagi', en: 'in {n} year' },
  'time.in.year.other': { id: '{n} tahun lagi', en: 'in {n} years' },
  'time.overdue.minute.one': { id: 'terlambat {n} menit', en: '{n} minute overdue' },
  'time.overdue.minute.other': { id: 'terlambat {n} menit', en: '{n} minutes overdue' },
  'time.overdue.hour.one': { id: 'terlambat {n} jam', en: '{n} hour overdue' },
  'time.overdue.hour.other': { id: 'terlambat {n} jam', en: '{n} hours overdue' },
  'time.overdue.day.one': { id: 'terlambat {n} hari', en: '{n} day overdue' },
  'time.overdue.day.other': { id: 'terlambat {n} hari', en: '{n} days overdue' },

  // CLI: commands and their help.
  'help.root': {
    id: 'Perangkat administrasi pengaduan pelayanan publik (SP4N LAPOR!) dari terminal',
    en: 'Administration toolkit for public-service complaints (SP4N LAPOR!) from the terminal',
  },
  'help.version': { id: 'tampilkan versi', en: 'show the version' },
  'help.help': { id: 'tampilkan bantuan', en: 'show help' },
  'help.lang': { id: 'bahasa pesan (bawaan dari LC_ALL/LANG)', en: 'message language (default from LC_ALL/LANG)' },
  'help.api': { id: 'URL API (mengalahkan LAPOR_API_URL dan profil)', en: 'API URL (overrides LAPOR_API_URL and the profile)' },
  'help.profile': { id: 'profil koneksi yang dipakai', en: 'connection profile to use' },
  'help.debug': { id: 'jejak permintaan HTTP di stderr (token disamarkan)', en: 'trace HTTP requests on stderr (token redacted)' },
  'help.examples': { id: 'Contoh:', en: 'Examples:' },
  'help.environment': {
    id: 'Lingkungan:\n  LAPOR_API_URL, LAPOR_TOKEN, LAPOR_PROFILE   koneksi tanpa profil tersimpan\n  LAPOR_HOME        direktori data tertanam (bawaan ~/.local/share/lapor)\n  NO_COLOR          tanpa warna;  LAPOR_FORCE_TTY  keluaran seperti di terminal\n  LC_ALL / LANG     bahasa (id atau en)',
    en: 'Environment:\n  LAPOR_API_URL, LAPOR_TOKEN, LAPOR_PROFILE   connection without a saved profile\n  LAPOR_HOME        embedded data dir (default ~/.local/share/lapor)\n  NO_COLOR          no colour;  LAPOR_FORCE_TTY  terminal-style output\n  LC_ALL / LANG     language (id or en)',
  },
  'help.usageTitle': { id: 'Penggunaan:', en: 'Usage:' },
  'help.optionsTitle': { id: 'Opsi:', en: 'Options:' },
  'help.globalOptionsTitle': { id: 'Opsi global:', en: 'Global options:' },
  'help.commandsTitle': { id: 'Perintah:', en: 'Commands:' },
  'help.argumentsTitle': { id: 'Argumen:', en: 'Arguments:' },
  'help.optionsPlaceholder': { id: '[opsi]', en: '[options]' },
  'help.commandPlaceholder': { id: '[perintah]', en: '[command]' },
  'help.choices': { id: 'pilihan: {choices}', en: 'choices: {choices}' },
  'help.default': { id: 'bawaan: {value}', en: 'default: {value}' },
  'help.helpCommand': { id: 'tampilkan bantuan sebuah perintah', en: 'show help for a command' },
  'cmd.cases': { id: 'Laporan: daftar, lihat, riwayat, tindakan (disposisi, tutup, …)', en: 'Cases: list, show, history, actions (dispose, close, …)' },
  'cmd.cases.list': { id: 'Daftar laporan dengan filter; jam layanan di depan', en: 'List cases with filters; the clocks in front' },
  'cmd.cases.show': { id: 'Satu laporan: semua kolom, jam layanan, riwayat', en: 'One case: every field, the clocks, the history' },
  'cmd.cases.history': { id: 'Riwayat (jejak audit) satu laporan', en: "A case's history (audit trail)" },
  'cmd.institutions': { id: 'Instansi: daftar dan pohon', en: 'Institutions: list and tree' },
  'cmd.institutions.list': { id: 'Daftar instansi', en: 'List institutions' },
  'cmd.institutions.tree': { id: 'Pohon instansi', en: 'The institution tree' },
  'cmd.categories': { id: 'Kategori laporan', en: 'Case categories' },
  'cmd.categories.list': { id: 'Daftar kategori', en: 'List categories' },
  'cmd.calendar': { id: 'Kalender hari libur dan cuti bersama', en: 'Holiday and cuti bersama calendar' },
  'cmd.calendar.list': { id: 'Daftar hari tidak bekerja', en: 'List non-working days' },
  'cmd.login': { id: 'Masuk ke API dan simpan token di profil', en: 'Log in to an API and save the token in a profile' },
  'cmd.logout': { id: 'Keluar: hapus token dan profil', en: 'Log out: remove the token and the profile' },
  'cmd.whoami': { id: 'Siapa pemilik token dan API mana yang dipakai', en: 'Who the token belongs to and which API is used' },
  'cmd.config': { id: 'Profil koneksi', en: 'Connection profiles' },
  'cmd.config.list': { id: 'Daftar profil', en: 'List profiles' },
  'cmd.config.use': { id: 'Pakai profil ini secara bawaan', en: 'Make a profile the default' },
  'cmd.serve': { id: 'Jalankan API referensi (latar depan)', en: 'Run the reference API (foreground)' },
  'cmd.seed': { id: 'Isi basis data dengan data contoh yang realistis', en: 'Fill the database with realistic sample data' },
  'cmd.demo': { id: 'Tur singkat dengan data contoh provinsi seperti Bali', en: 'A short tour on sample data of a Bali-like province' },
  'cmd.completion': { id: 'Skrip pelengkapan untuk bash, zsh atau fish', en: 'Shell completion for bash, zsh or fish' },
  'arg.trackingId': { id: 'ID pelacakan laporan', en: 'tracking ID of the case' },
  'arg.profile': { id: 'nama profil', en: 'profile name' },

  // CLI: flags.
  'flag.format': { id: 'format keluaran', en: 'output format' },
  'flag.fields': { id: 'kolom yang ditampilkan, dipisah koma', en: 'fields to show, comma-separated' },
  'flag.status': { id: 'status (boleh lebih dari satu)', en: 'status (one or more)' },
  'flag.institution': { id: 'instansi, termasuk unit di bawahnya', en: 'institution, including its subtree' },
  'flag.category': { id: 'kategori, termasuk subkategori', en: 'category, including subcategories' },
  'flag.classification': { id: 'klasifikasi', en: 'classification' },
  'flag.channel': { id: 'kanal masuk', en: 'intake channel' },
  'flag.from': { id: 'masuk sejak tanggal (YYYY-MM-DD, waktu setempat)', en: 'submitted on or after (YYYY-MM-DD, local time)' },
  'flag.to': { id: 'masuk sampai tanggal (YYYY-MM-DD, termasuk)', en: 'submitted on or before (YYYY-MM-DD, inclusive)' },
  'flag.overdue': { id: 'hanya yang terlambat pada jam layanan ini', en: 'only cases past this clock' },
  'flag.search': { id: 'cari di judul atau ID', en: 'search the title or ID' },
  'flag.sort': { id: 'urutan', en: 'sort order' },
  'flag.limit': { id: 'jumlah baris (maks. 500)', en: 'number of rows (max 500)' },
  'flag.all': { id: 'semua halaman (mengikuti kursor)', en: 'every page (follows the cursor)' },
  'flag.noHistory': { id: 'tanpa riwayat', en: 'without the history' },
  'flag.under': { id: 'hanya di bawah instansi ini', en: 'only under this institution' },
  'flag.topLevel': { id: 'hanya kategori utama', en: 'top-level categories only' },
  'flag.year': { id: 'tahun', en: 'year' },
  'flag.tokenStdin': { id: 'baca token dari stdin', en: 'read the token from stdin' },
  'flag.host': { id: 'alamat dengar', en: 'address to listen on' },
  'flag.port': { id: 'port (0 = bebas)', en: 'port (0 = any free one)' },
  'flag.dataDir': { id: 'direktori data PGlite (bawaan LAPOR_HOME)', en: 'PGlite data dir (default LAPOR_HOME)' },
  'flag.databaseUrl': { id: 'PostgreSQL postgres://… (bawaan DATABASE_URL)', en: 'PostgreSQL postgres://… (default DATABASE_URL)' },
  'flag.rateLimit': { id: 'permintaan per token per menit', en: 'requests per token per minute' },
  'flag.seedCases': { id: 'jumlah laporan', en: 'number of cases' },
  'flag.seedYears': { id: 'rentang tahun, mis. 2019-2024', en: 'year range, e.g. 2019-2024' },
  'flag.seedSeed': { id: 'benih acak (hasil sama untuk benih sama)', en: 'random seed (same seed, same data)' },

  // CLI: table headers.
  'column.clock.verify': { id: 'Verifikasi', en: 'Verify' },
  'column.clock.response': { id: 'Tindak Lanjut', en: 'Follow-up' },
  'column.clock.completion': { id: 'Penyelesaian', en: 'Completion' },
  'column.event.at': { id: 'Waktu', en: 'Time' },
  'column.event.action': { id: 'Tindakan', en: 'Action' },
  'column.event.actor': { id: 'Oleh', en: 'By' },
  'column.event.role': { id: 'Peran', en: 'Role' },
  'column.event.toStatus': { id: 'Status Baru', en: 'New status' },
  'column.event.toInstitution': { id: 'Ke Instansi', en: 'To institution' },
  'column.event.note': { id: 'Catatan', en: 'Note' },
  'column.institution.id': { id: 'Kode', en: 'Code' },
  'column.institution.name': { id: 'Nama', en: 'Name' },
  'column.institution.level': { id: 'Tingkat', en: 'Level' },
  'column.institution.parentId': { id: 'Induk', en: 'Parent' },
  'column.institution.active': { id: 'Aktif', en: 'Active' },
  'column.category.id': { id: 'Kode', en: 'Code' },
  'column.category.name': { id: 'Nama', en: 'Name' },
  'column.category.parentId': { id: 'Induk', en: 'Parent' },
  'column.category.institutionHint': { id: 'Instansi Lazim', en: 'Usual institution' },
  'column.calendar.date': { id: 'Tanggal', en: 'Date' },
  'column.calendar.weekday': { id: 'Hari', en: 'Weekday' },
  'column.calendar.kind': { id: 'Jenis', en: 'Kind' },
  'column.calendar.name': { id: 'Keterangan', en: 'Name' },
  'column.whoami.name': { id: 'Nama', en: 'Name' },
  'column.whoami.role': { id: 'Peran', en: 'Role' },
  'column.whoami.institution': { id: 'Instansi', en: 'Institution' },
  'column.whoami.source': { id: 'Sumber', en: 'Source' },
  'column.whoami.profile': { id: 'Profil', en: 'Profile' },
  'column.profile.name': { id: 'Profil', en: 'Profile' },
  'column.profile.active': { id: 'Aktif', en: 'Active' },
  'column.profile.hasToken': { id: 'Token', en: 'Token' },
  'calendar.holiday': { id: 'Libur nasional', en: 'National holiday' },
  'calendar.cutiBersama': { id: 'Cuti bersama', en: 'Cuti bersama' },
  'heading.history': { id: 'Riwayat', en: 'History' },
  'common.inactive': { id: 'nonaktif', en: 'inactive' },

  // CLI: notices, errors and hints.
  'notice.waitingForLock': {
    id: 'direktori data {dir} sedang dipakai proses {pid}; menunggu…',
    en: 'data dir {dir} is in use by process {pid}; waiting…',
  },
  'notice.moreResults': { id: 'Masih ada hasil lain: pakai --all atau --limit', en: 'More results: use --all or --limit' },
  'notice.loggedIn': { id: 'Masuk ke {api} sebagai {who} (profil {profile})', en: 'Logged in to {api} as {who} (profile {profile})' },
  'notice.loggedOut': { id: 'Keluar dari profil {profile}', en: 'Logged out of profile {profile}' },
  'notice.profileActive': { id: 'Profil {profile} sekarang bawaan', en: 'Profile {profile} is now the default' },
  'notice.listening': { id: 'API mendengar di {url} ({db})', en: 'API listening on {url} ({db})' },
  'notice.adminTokenWritten': { id: 'token admin pertama ditulis ke {file} (mode 0600)', en: 'first admin token written to {file} (mode 0600)' },
  'notice.shuttingDown': { id: 'menghentikan server…', en: 'shutting down…' },
  'notice.seeded': {
    id: '{cases} laporan dan {events} peristiwa dimuat dalam {seconds} dtk',
    en: '{cases} cases and {events} events loaded in {seconds} s',
  },
  'progress.seeding': { id: 'Mengisi data contoh', en: 'Seeding' },
  'notice.statsBuilt': {
    id: 'ringkasan statistik dibangun dalam {seconds} dtk (laporan pertama tidak perlu menunggu)',
    en: 'statistics rollups built in {seconds} s (the first report need not wait)',
  },
  'prompt.token': { id: 'Token API', en: 'API token' },
  'error.busyDataDir': {
    id: 'direktori data {dir} sedang dipakai proses {pid}',
    en: 'data dir {dir} is in use by process {pid}',
  },
  'error.loginNeedsApi': { id: 'sebutkan API: --api URL', en: 'name the API: --api URL' },
  'error.loginNeedsToken': {
    id: 'tidak interaktif: berikan token lewat --token-stdin',
    en: 'not interactive: pass the token with --token-stdin',
  },
  'error.emptyToken': { id: 'token kosong', en: 'empty token' },
  'error.notLoggedIn': { id: 'belum masuk ke profil mana pun', en: 'not logged in to any profile' },
  'error.unknownProfile': { id: 'profil {profile} tidak ada', en: 'profile {profile} does not exist' },
  'error.unknownInstitution': { id: 'instansi {code} tidak dikenal', en: 'unknown institution {code}' },
  'hint.busyDataDir': {
    id: 'coba lagi setelah perintah lain selesai, atau jalankan `lapor serve` agar semua perintah berbagi satu server',
    en: 'retry when the other command ends, or run `lapor serve` so that all commands share one server',
  },
  'hint.login': { id: 'masuk dengan: lapor login --api URL', en: 'log in with: lapor login --api URL' },
  'hint.forbidden': { id: 'peran token Anda tidak boleh melakukan ini', en: "your token's role may not do this" },
  'hint.rateLimited': { id: 'batas permintaan tercapai; coba lagi nanti', en: 'rate limit reached; try again later' },
  'hint.stale': {
    id: 'laporan diubah orang lain; lihat lagi dengan `lapor cases show` lalu ulangi',
    en: 'someone else changed the case; look again with `lapor cases show`, then retry',
  },
  'hint.requestId': { id: 'ID permintaan: {id}', en: 'request ID: {id}' },
  'hint.network': {
    id: 'apakah API berjalan dan URL-nya benar? (lapor whoami)',
    en: 'is the API running and the URL right? (lapor whoami)',
  },
  'hint.notFound': {
    id: 'periksa ID-nya; laporan di luar cakupan instansi token Anda juga tidak terlihat',
    en: "check the ID; cases outside your token's institution are not visible either",
  },
  'hint.usage': { id: 'lihat opsi yang tersedia dengan --help', en: 'see the available options with --help' },
  'usage.unknownOption': { id: 'opsi tidak dikenal: {option}', en: 'unknown option: {option}' },
  'usage.unknownCommand': { id: 'perintah tidak dikenal: {command}', en: 'unknown command: {command}' },
  'usage.didYouMean': { id: 'maksud Anda {suggestion}?', en: 'did you mean {suggestion}?' },
  'usage.missingArgument': { id: 'argumen wajib tidak ada: {argument}', en: 'missing required argument: {argument}' },
  'usage.optionNeedsValue': { id: 'opsi {option} memerlukan nilai', en: 'option {option} needs a value' },
  'usage.requiredOption': { id: 'opsi wajib {option} tidak diberikan', en: 'required option {option} not given' },
  'usage.conflict': { id: '{a} tidak dapat dipakai bersama {b}', en: '{a} cannot be used with {b}' },
  'usage.tooManyArguments': {
    id: 'terlalu banyak argumen: diharapkan {expected}, diberikan {received}',
    en: 'too many arguments: expected {expected}, got {received}',
  },
  'usage.invalidValue': { id: 'nilai {value} tidak valid untuk {option}: {reason}', en: 'invalid value {value} for {option}: {reason}' },
  'usage.allowedChoices': { id: 'pilihan yang ada: {choices}', en: 'allowed: {choices}' },
  'usage.expectedDate': { id: 'harus berupa tanggal YYYY-MM-DD', en: 'expected a date YYYY-MM-DD' },
  'usage.expectedInteger': { id: 'harus bilangan bulat dari 1 sampai {max}', en: 'expected a whole number from 1 to {max}' },
  'hint.debug': { id: 'jalankan lagi dengan --debug untuk detail', en: 'run again with --debug for details' },

  // lapor demo
  'demo.seeding': {
    id: 'Direktori data {dir} kosong: membuat {cases} laporan contoh…',
    en: 'The data dir {dir} is empty: generating {cases} sample cases…',
  },
  'demo.queue': {
    id: 'Antrean verifikasi (paling mendesak dulu)',
    en: 'Verification queue (most urgent first)',
  },
  'demo.headline': { id: 'Angka utama tahun {year}', en: 'Headline figures of {year}' },
  'demo.year': { id: 'Tahun', en: 'Year' },
  'demo.received': { id: 'Laporan masuk', en: 'Cases received' },
  'demo.followUpRate': { id: 'Ditindaklanjuti', en: 'Followed up' },
  'demo.completionRate': { id: 'Selesai', en: 'Completed' },
  'demo.verifiedOnTime': { id: 'Terverifikasi ≤ 3 hari kerja', en: 'Verified ≤ 3 working days' },
  'demo.respondedOnTime': { id: 'Tindak lanjut ≤ 5 hari kerja', en: 'Followed up ≤ 5 working days' },
  'demo.next': {
    id: 'Coba berikutnya: lapor cases list --overdue verify · lapor cases show <ID> · lapor institutions tree · lapor --help',
    en: 'Try next: lapor cases list --overdue verify · lapor cases show <ID> · lapor institutions tree · lapor --help',
  },
} as const satisfies Record<string, MessageEntry>;

export type MessageKey = keyof typeof messages;

/** The `{name}` placeholders of a template string, as a union of names. */
export type PlaceholderNames<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholderNames<Rest>
  : never;

export type MessageParams<K extends MessageKey> = Record<PlaceholderNames<(typeof messages)[K]['en']>, string | number>;

type ParamsArg<K extends MessageKey> = [PlaceholderNames<(typeof messages)[K]['en']>] extends [never]
  ? []
  : [params: MessageParams<K>];

/** Keys that come in `.one` / `.other` pairs. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

// Compile-time completeness: every status, classification, role, clock, clock state, archive reason,
// institution level, Case field and exit code has a message. Adding one to the domain without a message
// here fails the typecheck.
type RequiredKey =
  | `status.${Status}`
  | `classification.${Classification}`
  | `role.${Role}`
  | `clock.${ClockName}`
  | `clockState.${ClockState}`
  | `archiveReason.${ArchiveReason}`
  | `institutionLevel.${InstitutionLevel}`
  | `closedBy.${NonNullable<Case['closedBy']>}`
  | `field.${keyof Case}`
  | `exit.${ExitCodeName}`;
type AssertComplete<T extends Record<RequiredKey, MessageEntry>> = T;
export type CatalogueIsComplete = AssertComplete<typeof messages>;

/** Replaces each `{name}` with its parameter; unknown names are left as they are. */
export function interpolate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The message `key` in `lang`, with its placeholders filled. */
export function t<K extends MessageKey>(lang: Lang, key: K, ...params: ParamsArg<K>): string {
  const entry: MessageEntry = messages[key];
  const values: Readonly<Record<string, string | number>> | undefined = params[0];
  return values === undefined ? entry[lang] : interpolate(entry[lang], values);
}

/** A counted message: `<base>.one` when n is 1, else `<base>.other`; `{n}` is filled with n. */
export function tn(lang: Lang, base: PluralBase, n: number): string {
  const key = `${base}.${n === 1 ? 'one' : 'other'}` as MessageKey;
  const entry: MessageEntry = messages[key];
  return interpolate(entry[lang], { n });
}

/** 'id' | 'en' from a flag or locale value such as `en`, `EN_us.UTF-8`, `id-ID`, `in`; null when neither. */
export function parseLang(value: string): Lang | null {
  const v = value.trim().toLowerCase();
  if (/^en([-_.@]|$)/.test(v)) return 'en';
  if (/^(id|in)([-_.@]|$)/.test(v)) return 'id';
  return null;
}

/**
 * The language to speak: the `--lang` flag when given, else the first non-empty of LC_ALL, LC_MESSAGES,
 * LANG (POSIX precedence) — English when it starts with `en`, Indonesian otherwise (also for C/POSIX).
 * Declare the flag with `.choices(LANGS)` so a bad value is a usage error at parse time; a value that
 * still does not parse here throws a RangeError.
 */
export function detectLang(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang {
  if (flag !== undefined) {
    const lang = parseLang(flag);
    if (lang === null) throw new RangeError(`unknown language "${flag}" (use ${LANGS.join(' or ')})`);
    return lang;
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return locale !== undefined && parseLang(locale) === 'en' ? 'en' : 'id';
}

export function statusName(lang: Lang, status: Status): string {
  return t(lang, `status.${status}`);
}

export function classificationName(lang: Lang, classification: Classification): string {
  return t(lang, `classification.${classification}`);
}

export function roleName(lang: Lang, role: Role): string {
  return t(lang, `role.${role}`);
}

export function clockName(lang: Lang, clock: ClockName): string {
  return t(lang, `clock.${clock}`);
}

export function clockStateName(lang: Lang, state: ClockState): string {
  return t(lang, `clockState.${state}`);
}

export function archiveReasonName(lang: Lang, reason: ArchiveReason): string {
  return t(lang, `archiveReason.${reason}`);
}

export function institutionLevelName(lang: Lang, level: InstitutionLevel): string {
  return t(lang, `institutionLevel.${level}`);
}

/** The column header of a Case field, e.g. `verifyDueAt` → "Batas Verifikasi" / "Verify by". */
export function fieldHeader(lang: Lang, field: keyof Case): string {
  return t(lang, `field.${field}`);
}

export function yesNo(lang: Lang, value: boolean): string {
  return t(lang, value ? 'common.yes' : 'common.no');
}
