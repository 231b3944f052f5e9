// Messages of the `triage` commands (merged into the catalogue in ../i18n.ts; same rules as there).

export const triageMessages = {
  'cmd.triage': { id: 'Telusuri antrean verifikasi satu per satu', en: 'Walk the verification queue one case at a time' },
} as const;
