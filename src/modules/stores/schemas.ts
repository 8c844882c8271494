/** Store settings and content-page schemas (zod, strict) for the admin API. */
import { z } from '../../lib/http/openapi.js';

const HEX = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A colour as #rrggbb');
const FONT = z
  .string()
  .regex(/^[A-Za-z0-9 ,'"-]{1,200}$/, 'A CSS font stack (letters, digits, spaces, commas, quotes)');
const HREF = z
  .string()
  .trim()
  .max(500)
  .refine((h) => /^\/(?!\/)/.test(h) || /^https?:\/\//i.test(h), 'A /path or an http(s) URL');
export const ZPageSlug = z
  .string()
  .trim()
  .toLowerCase()
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lower-case letters, digits and single dashes');

const ZColors = z
  .object({
    primary: HEX,
    background: HEX,
    surface: HEX,
    text: HEX,
    muted: HEX,
    accent: HEX,
    border: HEX,
  })
  .strict();
const ZFonts = z.object({ heading: FONT, body: FONT }).strict();
const ZNavItem = z.object({ label: z.string().trim().min(1).max(50), href: HREF }).strict();
const ZSeo = z
  .object({
    title: z.string().trim().max(200).optional(),
    description: z.string().trim().max(500).optional(),
  })
  .strict();
const ZHome = z
  .object({
    heroTitle: z.string().trim().max(200).optional(),
    heroText: z.string().trim().max(500).optional(),
    featured: z.array(z.string().trim().toLowerCase().max(100)).max(24).optional(),
  })
  .strict();

export const ZStoreSettings = z
  .object({
    name: z.string(),
    handle: z.string(),
    currency: z.string(),
    timezone: z.string(),
    contactEmail: z.string().nullable(),
    logoUrl: z.string().nullable(),
    /** False once the store has an order: its currency is then fixed. */
    currencyChangeable: z.boolean(),
    template: z.string(),
    tagline: z.string().nullable(),
    theme: z.object({ colors: z.record(z.string(), z.string()), fonts: z.record(z.string(), z.string()) }),
    navigation: z.array(z.object({ label: z.string(), href: z.string() })),
    seo: z.object({ title: z.string().optional(), description: z.string().optional() }),
    home: z.object({
      heroTitle: z.string().optional(),
      heroText: z.string().optional(),
      featured: z.array(z.string()).optional(),
    }),
  })
  .openapi('StoreSettings');
export type StoreSettingsView = z.infer<typeof ZStoreSettings>;

export const ZUpdateStoreSettings = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    timezone: z
      .string()
      .max(100)
      .refine((tz) => tz === 'UTC' || Intl.supportedValuesOf('timeZone').includes(tz), 'An IANA time zone')
      .optional(),
    tagline: z.string().trim().max(300).nullable().optional(),
    contactEmail: z.email('An e-mail address like hello@example.com').max(254).nullable().optional(),
    logoUrl: z
      .url({ protocol: /^https$/, error: 'A link starting with https://' })
      .max(2000)
      .nullable()
      .optional(),
    /** Only before the store's first order. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'A three-letter currency code such as EUR')
      .refine((c) => Intl.supportedValuesOf('currency').includes(c), 'Not a currency we know')
      .optional(),
    theme: z
      .object({ colors: ZColors.partial().optional(), fonts: ZFonts.partial().optional() })
      .strict()
      .optional(),
    navigation: z.array(ZNavItem).max(12).optional(),
    seo: ZSeo.optional(),
    home: ZHome.optional(),
  })
  .strict()
  .openapi('UpdateStoreSettings');
export type UpdateStoreSettingsInput = z.infer<typeof ZUpdateStoreSettings>;

export const ZStorePage = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    title: z.string(),
    body: z.string(),
    published: z.boolean(),
    position: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('StorePage');
export type StorePageView = z.infer<typeof ZStorePage>;

export const ZCreateStorePage = z
  .object({
    slug: ZPageSlug,
    title: z.string().trim().min(1).max(200),
    body: z.string().max(100_000).default(''),
    published: z.boolean().optional(),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict()
  .openapi('CreateStorePage');
export type CreateStorePageInput = z.infer<typeof ZCreateStorePage>;

export const ZUpdateStorePage = z
  .object({
    slug: ZPageSlug.optional(),
    title: z.string().trim().min(1).max(200).optional(),
    body: z.string().max(100_000).optional(),
    published: z.boolean().optional(),
    position: z.number().int().min(0).max(100_000).optional(),
  })
  .strict()
  .openapi('UpdateStorePage');
export type UpdateStorePageInput = z.infer<typeof ZUpdateStorePage>;
