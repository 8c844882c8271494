/**
 * Countries as the checkout asks for and prints addresses: the names (from
 * Intl), the states/provinces of the countries whose addresses need one, and
 * each country's address layout ("City, ST 97403" in the US; "97403 City" in
 * most of Europe; the postcode on its own line in the UK). Which countries a
 * checkout offers is the store's shipping rates' business (`shippableCountries`).
 */

const NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/** Every country a store may ship to when a rate ships "everywhere" (ISO 3166-1 alpha-2). */
const ALL = (
  'AE AR AT AU BE BG BR CA CH CL CN CO CY CZ DE DK EE ES FI FR GB GR HK HR HU IE IL IN IS IT JP KR LT LU LV MT MX ' +
  'MY NL NO NZ PH PL PT RO SA SE SG SI SK TH TR TW UA US VN ZA'
).split(' ');

const US_STATES =
  'AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|DE Delaware|DC District of Columbia|FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|KS Kansas|KY Kentucky|LA Louisiana|ME Maine|MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|NH New Hampshire|NJ New Jersey|NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|PA Pennsylvania|PR Puerto Rico|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|VT Vermont|VA Virginia|WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming';
const CA_PROVINCES =
  'AB Alberta|BC British Columbia|MB Manitoba|NB New Brunswick|NL Newfoundland and Labrador|NS Nova Scotia|NT Northwest Territories|NU Nunavut|ON Ontario|PE Prince Edward Island|QC Quebec|SK Saskatchewan|YT Yukon';
const AU_STATES =
  'ACT Australian Capital Territory|NSW New South Wales|NT Northern Territory|QLD Queensland|SA South Australia|TAS Tasmania|VIC Victoria|WA Western Australia';

const parse = (s: string): [string, string][] =>
  s.split('|').map((e) => [e.slice(0, e.indexOf(' ')), e.slice(e.indexOf(' ') + 1)]);

export interface RegionSet {
  label: string;
  regions: [string, string][];
}

const REGIONS: Record<string, RegionSet> = {
  US: { label: 'State', regions: parse(US_STATES) },
  CA: { label: 'Province', regions: parse(CA_PROVINCES) },
  AU: { label: 'State or territory', regions: parse(AU_STATES) },
};

/** The states/provinces a country's addresses need, or undefined when they need none. */
export function regionsOf(country: string): RegionSet | undefined {
  return REGIONS[country];
}

export function countryName(code: string): string {
  try {
    return NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

/** What the postal code is called where the shopper lives. */
export function postalLabel(country: string): string {
  return country === 'US' ? 'ZIP code' : country === 'GB' || country === 'IE' ? 'Postcode' : 'Postal code';
}

/**
 * The countries a store's active rates ship to, by name: a rate without
 * countries ships everywhere; a store without rates ships everywhere free.
 */
export function shippableCountries(rates: readonly { countries: readonly string[] }[]): [string, string][] {
  const everywhere = rates.length === 0 || rates.some((r) => r.countries.length === 0);
  const codes = everywhere ? ALL : [...new Set(rates.flatMap((r) => r.countries))];
  return codes.map((c): [string, string] => [c, countryName(c)]).sort((a, b) => a[1].localeCompare(b[1]));
}

export interface PostalAddress {
  name?: unknown;
  line1?: unknown;
  line2?: unknown;
  city?: unknown;
  region?: unknown;
  postalCode?: unknown;
  country?: unknown;
  phone?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** An address as the lines of an envelope in its country's layout (empty parts left out). */
export function formatAddress(a: PostalAddress): string[] {
  const country = str(a.country).toUpperCase();
  const [city, region, postal] = [str(a.city), str(a.region), str(a.postalCode)];
  let locality: string[];
  if (country === 'US' || country === 'CA') {
    locality = [[city, [region, postal].filter(Boolean).join(' ')].filter(Boolean).join(', ')];
  } else if (country === 'AU') {
    locality = [[city, region, postal].filter(Boolean).join(' ')];
  } else if (country === 'GB' || country === 'IE') {
    locality = [city, region, postal];
  } else {
    locality = [[postal, city].filter(Boolean).join(' '), region];
  }
  return [
    str(a.name),
    str(a.line1),
    str(a.line2),
    ...locality,
    country ? countryName(country) : '',
    str(a.phone),
  ].filter(Boolean);
}
