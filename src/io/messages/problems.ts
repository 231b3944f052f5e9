// The client's own words for the API's problems (domain/problems.ts): one text per problem type, per reason
// (with the reason's params as placeholders) and per field-error code. io/problems.ts renders them; the
// server's English `detail` is never shown in their place (it stays for logs and --debug).

export const problemMessages = {
  'problem.type.validation': { id: 'permintaan tidak valid', en: 'invalid request' },
  'problem.type.not-found': { id: 'tidak ditemukan', en: 'not found' },
  'problem.type.unauthorized': { id: 'perlu masuk dengan token API yang sah', en: 'a valid API token is required' },
  'problem.type.forbidden': { id: 'tidak diizinkan untuk peran Anda', en: 'not allowed for your role' },
  'problem.type.precondition-required': { id: 'versi laporan (If-Match) wajib dikirim', en: 'the case version (If-Match) is required' },
  'problem.type.precondition-failed': { id: 'laporan sudah berubah sejak dibaca', en: 'the case changed since it was read' },
  'problem.type.conflict': { id: 'bertentangan dengan data yang sudah ada', en: 'conflicts with the existing data' },
  'problem.type.invalid-transition': { id: 'tindakan tidak diizinkan pada status ini', en: 'action not allowed in this status' },
  'problem.type.already-done': { id: 'sudah dalam keadaan itu', en: 'already in that state' },
  'problem.type.unprocessable': { id: 'isian tidak dapat diproses', en: 'a value cannot be processed' },
  'problem.type.idempotency-mismatch': {
    id: 'kunci idempotensi sudah dipakai untuk permintaan lain',
    en: 'the idempotency key was used for another request',
  },
  'problem.type.idempotency-in-flight': {
    id: 'permintaan dengan kunci idempotensi ini masih diproses',
    en: 'a request with this idempotency key is still being processed',
  },
  'problem.type.sweep-running': {
    id: 'penyapuan SLA lain sedang berjalan (di salah satu instans API)',
    en: 'another SLA sweep is running (on some API instance)',
  },
  'problem.type.payload-too-large': { id: 'isi permintaan terlalu besar', en: 'the request body is too large' },
  'problem.type.unsupported-media-type': { id: 'jenis isi permintaan tidak didukung', en: 'unsupported media type' },
  'problem.type.rate-limited': { id: 'terlalu banyak permintaan', en: 'too many requests' },
  'problem.type.method-not-allowed': { id: 'metode HTTP tidak diizinkan', en: 'HTTP method not allowed' },
  'problem.type.uri-too-long': { id: 'alamat permintaan terlalu panjang', en: 'the request URI is too long' },
  'problem.type.unavailable': { id: 'layanan sedang tidak tersedia', en: 'the service is unavailable' },
  'problem.type.internal': { id: 'galat internal di server', en: 'internal server error' },
  'problem.unknown': { id: 'server menjawab dengan galat', en: 'the server answered with an error' },

  'problem.reason.case-not-found': { id: 'laporan {trackingId} tidak ditemukan', en: 'case {trackingId} not found' },
  'problem.reason.token-not-found': { id: 'token {name} tidak ditemukan', en: 'token {name} not found' },
  'problem.reason.route-not-found': { id: 'server tidak mengenal {method} {path}', en: 'the server has no {method} {path}' },
  'problem.reason.role-may-not-act': {
    id: 'peran {role} tidak boleh melakukan "{action}" pada laporan',
    en: 'the role {role} may not {action} a case',
  },
  'problem.reason.role-may-not-request': { id: 'peran {role} tidak boleh memanggil {method} {path}', en: 'the role {role} may not call {method} {path}' },
  'problem.reason.aggregates-only': {
    id: 'statistisi hanya menerima data agregat, tidak pernah laporan satu per satu',
    en: 'statisticians receive aggregates only, never single cases',
  },
  'problem.reason.export-profile-not-allowed': {
    id: 'peran {role} tidak boleh mengekspor profil {profile}',
    en: 'the role {role} may not export the {profile} profile',
  },
  'problem.reason.role-may-not-grant': {
    id: 'peran {role} tidak boleh membuat token peran {grantedRole}',
    en: 'the role {role} may not create tokens of the role {grantedRole}',
  },
  'problem.reason.token-must-be-bound': {
    id: 'token yang terikat instansi hanya boleh membuat token yang terikat di dalam cakupannya',
    en: 'a token bound to an institution may only create tokens bound inside its scope',
  },
  'problem.reason.role-never-bound': {
    id: 'peran {role} bersifat nasional: tidak pernah terikat pada instansi',
    en: 'the role {role} is national: it is never bound to an institution',
  },
  'problem.reason.role-needs-institution': { id: 'peran {role} memerlukan instansi', en: 'the role {role} needs an institution' },
  'problem.reason.expiry-in-past': { id: 'masa berlaku harus berakhir di masa depan', en: 'the expiry must lie in the future' },
  'problem.reason.token-required': { id: 'perlu token API', en: 'an API token is required' },
  'problem.reason.token-unknown': { id: 'token tidak dikenal atau sudah dicabut', en: 'the token is unknown or revoked' },
  'problem.reason.action-not-allowed': {
    id: 'tindakan "{action}" tidak dapat dilakukan pada laporan berstatus {caseStatus}',
    en: 'cannot {action} a case whose status is {caseStatus}',
  },
  'problem.reason.no-follow-up-yet': { id: 'laporan {trackingId} belum punya tindak lanjut', en: 'case {trackingId} has no follow-up yet' },
  'problem.reason.already-in-status': { id: 'laporan {trackingId} sudah berstatus {caseStatus}', en: 'case {trackingId} already has the status {caseStatus}' },
  'problem.reason.already-has-values': { id: 'laporan {trackingId} sudah memiliki nilai-nilai ini', en: 'case {trackingId} has these values already' },
  'problem.reason.institution-inactive': {
    id: 'instansi {institutionId} tidak ada atau tidak aktif',
    en: 'institution {institutionId} does not exist or is not active',
  },
  'problem.reason.institution-outside-scope': {
    id: 'instansi {institutionId} berada di luar cakupan instansi Anda',
    en: 'institution {institutionId} is outside your institution’s scope',
  },
  'problem.reason.already-disposed-to': {
    id: 'laporan {trackingId} sudah didisposisikan ke {institutionId}',
    en: 'case {trackingId} is disposed to {institutionId} already',
  },
  'problem.reason.category-unknown': { id: 'kategori {categoryId} tidak ada', en: 'there is no category {categoryId}' },
  'problem.reason.version-stale': {
    id: 'laporan {trackingId} sudah berubah (kini versi {currentVersion}, bukan {version})',
    en: 'case {trackingId} has changed (now version {currentVersion}, not {version})',
  },
  'problem.reason.if-match-required': { id: 'versi laporan (If-Match) wajib dikirim', en: 'the case version (If-Match) must be sent' },
  'problem.reason.unknown-institution': { id: 'instansi {institutionId} tidak dikenal', en: 'unknown institution {institutionId}' },
  'problem.reason.invalid-cursor': { id: 'kursor halaman tidak valid (bukan dari API ini)', en: 'invalid page cursor (not one this API returned)' },
  'problem.reason.token-exists': { id: 'token bernama {name} sudah ada', en: 'a token named {name} exists already' },
  'problem.reason.case-exists': { id: 'laporan {trackingId} sudah ada dengan isi lain', en: 'case {trackingId} exists already with other content' },
  'problem.reason.rate-limit': {
    id: 'terlalu banyak permintaan; coba lagi dalam {retryAfterSeconds} detik',
    en: 'too many requests; try again in {retryAfterSeconds} s',
  },
  'problem.reason.shutting-down': { id: 'server sedang berhenti; coba lagi', en: 'the server is shutting down; try again' },
  'problem.reason.alias-target-unknown': { id: 'alias "{alias}": {targetId} tidak ada', en: 'alias "{alias}": {targetId} does not exist' },
  'problem.reason.alias-names-other': {
    id: '"{alias}" sudah menamai {targetId}; tidak bisa menjadi alias yang lain',
    en: '"{alias}" already names {targetId}; it cannot be an alias of another',
  },
  'problem.reason.alias-not-found': { id: 'alias "{alias}" tidak ada', en: 'no alias "{alias}"' },

  'problem.field.invalid_type': { id: 'jenis nilainya salah', en: 'wrong type of value' },
  'problem.field.too_big': { id: 'terlalu besar atau terlalu panjang', en: 'too large or too long' },
  'problem.field.too_small': { id: 'terlalu kecil atau terlalu pendek', en: 'too small or too short' },
  'problem.field.invalid_format': { id: 'formatnya salah', en: 'wrong format' },
  'problem.field.invalid_value': { id: 'bukan nilai yang diizinkan', en: 'not an allowed value' },
  'problem.field.unknown_field': { id: 'isian tidak dikenal', en: 'unknown field' },
  'problem.field.nul_character': { id: 'berisi karakter NUL (U+0000)', en: 'holds a NUL character (U+0000)' },
  'problem.field.not_unicode': { id: 'bukan teks Unicode yang sah', en: 'not valid Unicode text' },
  'problem.field.control_character': {
    id: 'berisi karakter kendali (hanya tab, ganti baris dan carriage return yang disimpan)',
    en: 'holds a control character (only tab, line feed and carriage return are kept)',
  },
  'problem.field.malformed_json': { id: 'JSON rusak', en: 'broken JSON' },
  'problem.field.empty': { id: 'kosong', en: 'empty' },
  'problem.field.too_deep': { id: 'bersarang terlalu dalam', en: 'nested too deeply' },
  'problem.field.too_long': { id: 'terlalu panjang', en: 'too long' },
  'problem.field.required': { id: 'wajib diisi', en: 'required' },
  'problem.field.unknown_institution': { id: 'instansi tidak dikenal', en: 'unknown institution' },
  'problem.field.invalid': { id: 'tidak valid', en: 'not valid' },

  'problem.waitTooLong': {
    id: 'server meminta menunggu {wait}, lebih lama dari {max} yang diizinkan',
    en: 'the server asks to wait {wait}, longer than the {max} allowed',
  },
} as const;
