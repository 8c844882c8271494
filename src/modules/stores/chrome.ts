/**
 * What a storefront page needs to know about its store's presentation: name,
 * theme (colours, fonts), navigation and footer pages. Data only: the
 * storefront layout (src/web/storefront/layout.tsx) renders it and
 * re-validates theme values before they reach CSS.
 */

export interface StoreThemeColors {
  primary: string;
  background: string;
  surface: string;
  text: string;
  muted: string;
  accent: string;
  border: string;
}

export interface StoreTheme {
  colors: StoreThemeColors;
  fonts: { heading: string; body: string };
}

export interface StoreNavItem {
  label: string;
  /** A path on the store host (e.g. `/collections/shirts`, `/pages/about`) or an absolute URL. */
  href: string;
}

/** Everything the layout needs about a store; built by loadStoreChrome. */
export interface StoreChrome {
  name: string;
  handle: string;
  currency: string;
  theme: StoreTheme;
  navigation: StoreNavItem[];
  /** Published content pages, listed in the footer. */
  footerPages: { slug: string; title: string }[];
  /** Optional tagline shown under the name in the footer. */
  tagline?: string;
}

export const DEFAULT_THEME: StoreTheme = {
  colors: {
    primary: '#1f4e79',
    background: '#ffffff',
    surface: '#f6f7f9',
    text: '#1b1f24',
    muted: '#5b6470',
    accent: '#d97706',
    border: '#dfe3e8',
  },
  fonts: {
    heading: 'Georgia, "Times New Roman", serif',
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  },
};
