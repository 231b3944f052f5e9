// Messages of the `bulk` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const bulkMessages = {
  'cmd.bulk': { id: 'Tindakan massal dari berkas rencana, lanjutkan, status jurnal', en: 'Bulk actions from a plan file, resume, journal status' },
} as const;
