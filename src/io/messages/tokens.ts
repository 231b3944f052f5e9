// Messages of the `tokens` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const tokensMessages = {
  'cmd.tokens': { id: 'Token API: buat, daftar, cabut', en: 'API tokens: create, list, revoke' },
  'cmd.tokens.create': {
    id: 'Buat token API; rahasianya dicetak sekali ke stdout dan tidak dapat ditampilkan lagi',
    en: 'Create an API token; its secret is printed once on stdout and cannot be shown again',
  },
  'cmd.tokens.list': { id: 'Daftar token yang boleh Anda kelola (tanpa rahasia)', en: 'List the tokens you may manage (never a secret)' },
  'cmd.tokens.revoke': { id: 'Cabut token (ditolak dengan 401 paling lambat {seconds} dtk kemudian)', en: 'Revoke a token (refused with 401 within {seconds} s)' },

  'tokens.arg.name': { id: 'nama token (huruf kecil, angka, ".", "_" atau "-")', en: 'token name (lower-case letters, digits, ".", "_" or "-")' },
  'tokens.flag.role': { id: 'peran token', en: 'role of the token' },
  'tokens.flag.institution': {
    id: 'instansi (kode atau nama) yang mengikat token (wajib untuk admin instansi dan pejabat penghubung; tidak boleh untuk peran nasional)',
    en: 'institution (code or name) the token is bound to (required for institution admins and liaison officers; refused for national roles)',
  },
  'tokens.flag.expires': {
    id: 'kedaluwarsa: durasi (12h, 90d, 8w), tanggal (2027-01-31: mulai hari itu, UTC) atau waktu ISO',
    en: 'expiry: a duration (12h, 90d, 8w), a date (2027-01-31: from the start of that day, UTC) or an ISO instant',
  },
  'tokens.flag.all': { id: 'sertakan token yang dicabut dan kedaluwarsa', en: 'include revoked and expired tokens' },
  'tokens.flag.yes': { id: 'cabut tanpa bertanya', en: 'revoke without asking' },
  'tokens.flag.dryRun': { id: 'tampilkan token yang akan dicabut, tanpa mengirim pencabutan', en: 'show the token that would be revoked; send nothing' },

  'tokens.usage.badName': { id: 'nama token: huruf kecil, angka, ".", "_" atau "-" (1–64)', en: 'a token name is lower-case letters, digits, ".", "_" or "-" (1–64)' },
  'tokens.usage.badExpiry': {
    id: 'kedaluwarsa yang tidak dikenali: pakai durasi (90d), tanggal (2027-01-31) atau waktu ISO',
    en: 'unrecognised expiry: use a duration (90d), a date (2027-01-31) or an ISO instant',
  },
  'tokens.created': {
    id: 'token {name} ({role}, {scope}) dibuat, berlaku {until}. Rahasianya (di stdout) hanya ditampilkan SEKALI INI: simpan sekarang.',
    en: 'token {name} ({role}, {scope}) created, valid {until}. Its secret (on stdout) is shown ONLY THIS ONCE: store it now.',
  },
  'tokens.scope.national': { id: 'nasional', en: 'national' },
  'tokens.until.never': { id: 'tanpa batas waktu', en: 'with no expiry' },
  'tokens.until.at': { id: 'sampai {at}', en: 'until {at}' },
  'tokens.revoke.confirm': { id: 'Cabut token {name} ({role}, {scope})?', en: 'Revoke token {name} ({role}, {scope})?' },
  'tokens.revoke.wouldRevoke': {
    id: 'akan mencabut token {name} ({role}, {scope}, {state}); tidak ada yang dikirim (--dry-run)',
    en: 'would revoke token {name} ({role}, {scope}, {state}); nothing sent (--dry-run)',
  },
  'tokens.revoked': {
    id: 'token {name} dicabut pada {at}; ditolak (401) paling lambat {seconds} dtk kemudian',
    en: 'token {name} revoked at {at}; refused (401) within {seconds} s',
  },
  'tokens.notFound': { id: 'token {name} tidak ditemukan', en: 'token {name} not found' },
  'tokens.notFoundHint': { id: 'lihat `lapor tokens list --all`', en: 'see `lapor tokens list --all`' },
  'tokens.hint.yesOrDryRun': { id: 'tambahkan --yes untuk mencabut, atau --dry-run untuk melihatnya saja', en: 'add --yes to revoke, or --dry-run to only see it' },
  'tokens.empty': { id: 'Tidak ada token', en: 'No tokens' },

  'tokens.column.name': { id: 'Nama', en: 'Name' },
  'tokens.column.role': { id: 'Peran', en: 'Role' },
  'tokens.column.institutionId': { id: 'Instansi', en: 'Institution' },
  'tokens.column.state': { id: 'Keadaan', en: 'State' },
  'tokens.column.expiresAt': { id: 'Kedaluwarsa', en: 'Expires' },
  'tokens.column.createdAt': { id: 'Dibuat', en: 'Created' },
  'tokens.column.createdBy': { id: 'Dibuat oleh', en: 'Created by' },
  'tokens.column.revokedAt': { id: 'Dicabut', en: 'Revoked' },
  'tokens.state.active': { id: 'aktif', en: 'active' },
  'tokens.state.expired': { id: 'kedaluwarsa', en: 'expired' },
  'tokens.state.revoked': { id: 'dicabut', en: 'revoked' },
} as const;
