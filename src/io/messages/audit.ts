// Messages of the `audit` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const auditMessages = {
  'cmd.audit': { id: 'Jejak audit: periksa rantai hash riwayat laporan', en: 'Audit trail: check the hash-chained case history' },
  'cmd.audit.verify': {
    id: 'Periksa setiap peristiwa laporan dan log ekspor data pribadi terhadap rantai hash-nya (mendeteksi baris yang diubah, dihapus atau ditukar urutannya)',
    en: "Check every case's events and the personal-data export log against their hash chains (detects edited, deleted or reordered rows)",
  },
  'audit.flag.pageSize': { id: 'laporan per permintaan (1–5000)', en: 'cases per request (1–5000)' },

  'audit.column.seq': { id: 'Urutan', en: 'Seq' },
  'audit.column.problem': { id: 'Masalah', en: 'Problem' },
  'audit.column.version': { id: 'Versi', en: 'Version' },
  'audit.column.events': { id: 'Peristiwa', en: 'Events' },

  'audit.problem.hash_mismatch': { id: 'peristiwa diubah (hash tidak cocok)', en: 'event edited (hash does not match)' },
  'audit.problem.sequence_gap': { id: 'hilang, disisipkan atau ditukar', en: 'event missing, inserted or moved' },
  'audit.problem.count_mismatch': { id: 'versi ≠ jumlah peristiwa', en: 'version ≠ number of events' },
  'audit.problem.head_mismatch': { id: 'hash terakhir laporan tidak cocok', en: "case's last hash does not match" },
  'audit.problem.orphan_events': { id: 'peristiwa tanpa laporan', en: 'events without a case' },

  'audit.progress': { id: 'memeriksa laporan', en: 'checking cases' },
  'audit.summary.ok': {
    id: 'jejak audit utuh: {cases} laporan dan {events} peristiwa diperiksa, tidak ada masalah',
    en: 'audit trail intact: {cases} cases and {events} events checked, no problems',
  },
  'audit.summary.tampered': {
    id: 'jejak audit RUSAK: {cases} laporan dan {events} peristiwa diperiksa, {problems} masalah',
    en: 'audit trail BROKEN: {cases} cases and {events} events checked, {problems} problem(s)',
  },
  'audit.tampered': {
    id: 'jejak audit tidak lolos pemeriksaan: {problems} laporan dengan rantai yang putus',
    en: 'the audit trail does not verify: {problems} case(s) with a broken chain',
  },
  'audit.tamperedHint': {
    id: 'baris yang disebut di atas diubah di luar API; bandingkan dengan cadangan basis data dan periksa log akses',
    en: 'the rows named above were changed outside the API; compare them with a database backup and check the access logs',
  },
  'audit.log.ok': {
    id: 'log ekspor data pribadi utuh: {records} catatan diperiksa',
    en: 'personal-data export log intact: {records} records checked',
  },
  'audit.log.broken': {
    id: 'log ekspor data pribadi RUSAK pada catatan {seq}: {problem} ({records} catatan)',
    en: 'personal-data export log BROKEN at record {seq}: {problem} ({records} records)',
  },
  'audit.log.hash_mismatch': { id: 'catatan diubah (hash tidak cocok)', en: 'record edited (hash does not match)' },
  'audit.log.sequence_gap': { id: 'catatan hilang, disisipkan atau ditukar', en: 'record missing, inserted or moved' },
  'audit.log.head_mismatch': { id: 'catatan terakhir dipotong atau kepala log diubah', en: 'records cut off the end, or the log head changed' },
  'audit.logTampered': {
    id: 'log ekspor data pribadi tidak lolos pemeriksaan',
    en: 'the personal-data export log does not verify',
  },
  'audit.repeatedCursor': {
    id: 'server mengembalikan kursor yang sama dua kali; pemeriksaan dihentikan',
    en: 'the server returned the same cursor twice; the check was stopped',
  },
} as const;
