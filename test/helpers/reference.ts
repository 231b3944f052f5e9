// The one reference data set of the in-process tests (the fake ApiClient's institutions, categories and
// channels): Bali under the national administrator, deep enough for scope checks (badung ⊂ bali ⊂ national),
// with three "Dinas Kesehatan" for ambiguous name fragments, one inactive unit per regency-level branch, and
// a category whose usual institution comes from its parent. Golden files show it (institutions tree), so a
// change here is a change to them. Not a test file.

import type { Category, Channel, Institution } from '../../src/domain/types.js';

export const INSTITUTIONS: Institution[] = [
  { id: 'national', parentId: null, name: 'Kementerian PANRB – Pengelola Nasional SP4N LAPOR!', level: 'national', active: true },
  { id: 'kemenkes', parentId: 'national', name: 'Kementerian Kesehatan', level: 'ministry', active: true },
  { id: 'bali', parentId: 'national', name: 'Pemerintah Provinsi Bali', level: 'province', active: true },
  { id: 'bali.dinkes', parentId: 'bali', name: 'Dinas Kesehatan Provinsi Bali', level: 'unit', active: true },
  { id: 'bali.inspektorat', parentId: 'bali', name: 'Inspektorat Provinsi Bali', level: 'unit', active: true },
  { id: 'badung', parentId: 'bali', name: 'Pemerintah Kabupaten Badung', level: 'regency', active: true },
  { id: 'badung.dinkes', parentId: 'badung', name: 'Dinas Kesehatan Kabupaten Badung', level: 'unit', active: true },
  { id: 'badung.disdukcapil', parentId: 'badung', name: 'Dinas Kependudukan dan Pencatatan Sipil Badung', level: 'unit', active: true },
  { id: 'badung.dpupr', parentId: 'badung', name: 'Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Badung', level: 'unit', active: true },
  { id: 'badung.pupr', parentId: 'badung', name: 'Dinas PUPR Kabupaten Badung', level: 'unit', active: true },
  { id: 'denpasar', parentId: 'bali', name: 'Pemerintah Kota Denpasar', level: 'regency', active: true },
  { id: 'denpasar.dinkes', parentId: 'denpasar', name: 'Dinas Kesehatan Kota Denpasar', level: 'unit', active: true },
  { id: 'denpasar.dpupr', parentId: 'denpasar', name: 'Dinas PUPR Kota Denpasar', level: 'unit', active: true },
  { id: 'denpasar.bappeda', parentId: 'denpasar', name: 'Bappeda Kota Denpasar', level: 'unit', active: false },
  { id: 'denpasar.lama', parentId: 'denpasar', name: 'Dinas Lama Kota Denpasar', level: 'unit', active: false },
];

export const CATEGORIES: Category[] = [
  { id: 'kesehatan', parentId: null, name: 'Kesehatan', nameEn: 'Health', institutionHint: 'bali.dinkes' },
  // no hint of its own: its usual institution is its parent's
  { id: 'kesehatan.bpjs', parentId: 'kesehatan', name: 'BPJS Kesehatan dan JKN-KIS', nameEn: 'BPJS Health insurance', institutionHint: null },
  { id: 'kesehatan.rumah-sakit', parentId: 'kesehatan', name: 'Rumah sakit dan puskesmas', nameEn: 'Hospitals and clinics', institutionHint: 'bali.dinkes' },
  { id: 'infrastruktur', parentId: null, name: 'Infrastruktur', nameEn: 'Infrastructure', institutionHint: null },
  { id: 'infrastruktur.jalan', parentId: 'infrastruktur', name: 'Jalan dan jembatan', nameEn: 'Roads and bridges', institutionHint: 'denpasar.dpupr' },
  { id: 'kependudukan', parentId: null, name: 'Kependudukan', nameEn: 'Civil registration', institutionHint: 'badung.disdukcapil' },
  // no English name: English output falls back to the Indonesian one
  { id: 'lingkungan', parentId: null, name: 'Lingkungan hidup', nameEn: null, institutionHint: null },
];

export const CHANNELS: Channel[] = [
  { id: 'web', name: 'Situs web', nameEn: 'Website' },
  { id: 'mobile', name: 'Aplikasi seluler SP4N LAPOR!', nameEn: 'Mobile app' },
  { id: 'sms_1708', name: 'SMS 1708', nameEn: 'SMS 1708' },
  { id: 'whatsapp', name: 'WhatsApp', nameEn: 'WhatsApp' },
];
