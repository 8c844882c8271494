/**
 * The checkout form's values and its errors in a shopper's words: what the
 * form posts, checked field by field before the checkout flow runs (so no
 * validator text or code ever reaches the page), and the flow's own refusals
 * (discount, shipping) mapped to the field they concern.
 */
import type { ErrorIssue } from '../../lib/errors.js';
import type { SavedAddress } from '../../modules/customers/addresses.js';
import type { CheckoutInput } from '../../modules/orders/schemas.js';
import { postalLabel, regionsOf } from './countries.js';

export type Values = Record<string, string>;
export type FieldErrors = Record<string, string>;

export const FIELDS = [
  'email',
  'phone',
  'name',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
  'shippingRateId',
  'discountCode',
  'paymentMethod',
] as const;

/** The posted form's known fields, trimmed and capped (what a re-render shows again). */
export function readValues(body: Record<string, unknown>): Values {
  const values: Values = {};
  for (const k of FIELDS) {
    const v = body[k];
    if (typeof v === 'string') values[k] = v.trim().slice(0, 300);
  }
  return values;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks the form as a shopper would be told; returns the errors by field
 * name, or the checkout input when there are none. `phoneRequired`: cash on
 * delivery (the courier calls).
 */
export function validateCheckout(
  v: Values,
  opts: { phoneRequired: boolean },
): { errors: FieldErrors } | { input: CheckoutInput } {
  const errors: FieldErrors = {};
  const email = v.email ?? '';
  if (!email) errors.email = 'Enter your e-mail address so we can send your order confirmation.';
  else if (!EMAIL.test(email) || email.length > 254)
    errors.email = 'Enter an e-mail address like name@example.com.';
  const shippingAddress = checkAddress(v, errors, opts);
  if (v.shippingRateId && !UUID.test(v.shippingRateId)) errors.shippingRateId = 'Choose a shipping option.';
  if ((v.discountCode ?? '').length > 64) errors.discountCode = 'This discount code is not valid.';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    input: {
      email,
      shippingAddress,
      ...(v.discountCode ? { discountCode: v.discountCode } : {}),
      ...(v.shippingRateId ? { shippingRateId: v.shippingRateId } : {}),
      ...(v.paymentMethod === 'card' || v.paymentMethod === 'manual'
        ? { paymentMethod: v.paymentMethod }
        : {}),
    },
  };
}

/** Whether the shopper pays by card: the store takes cards and the shopper did not choose manual payment. */
export function paysByCard(payment: { card: boolean; manual: { enabled: boolean } }, v: Values): boolean {
  if (!payment.card) return false;
  return !(payment.manual.enabled && v.paymentMethod === 'manual');
}

/** Cash on delivery needs a phone number (the courier calls). */
export function phoneRequiredFor(
  payment: { card: boolean; manual: { enabled: boolean; method: string } },
  v: Values,
): boolean {
  return payment.manual.method === 'cash_on_delivery' && !paysByCard(payment, v);
}

export type CheckedAddress = CheckoutInput['shippingAddress'];

/**
 * The address fields (name, line1, line2, city, region, postalCode, country,
 * phone) checked as a shopper would be told; errors are added to `errors`.
 * Shared by checkout and the account's saved addresses.
 */
export function checkAddress(
  v: Values,
  errors: FieldErrors,
  opts: { phoneRequired: boolean },
): CheckedAddress {
  const need = (k: string, message: string, max: number) => {
    const s = v[k] ?? '';
    if (!s) errors[k] = message;
    else if (s.length > max) errors[k] = `This is too long — at most ${max} characters.`;
  };
  need('name', 'Enter the name of the person receiving the order.', 200);
  need('line1', 'Enter the street address.', 200);
  need('city', 'Enter the town or city.', 100);
  const country = (v.country ?? '').toUpperCase();
  need('postalCode', `Enter the ${postalLabel(country).replace('Postal', 'postal')}.`, 20);
  if (!/^[A-Z]{2}$/.test(country)) errors.country = 'Choose the country to ship to.';
  const regions = regionsOf(country);
  if (regions && !regions.regions.some(([code]) => code === v.region)) {
    errors.region = `Choose the ${regions.label.toLowerCase()}.`;
  }
  if (opts.phoneRequired) need('phone', 'Enter a phone number so the courier can reach you on delivery.', 40);
  if (v.phone && !/^[+0-9 ()./-]{5,40}$/.test(v.phone))
    errors.phone = 'Enter a phone number using digits, spaces and +.';
  if ((v.line2 ?? '').length > 200) errors.line2 = 'This is too long — at most 200 characters.';
  return {
    name: v.name ?? '',
    line1: v.line1 ?? '',
    ...(v.line2 ? { line2: v.line2 } : {}),
    city: v.city ?? '',
    ...(regions ? { region: v.region ?? '' } : {}),
    postalCode: v.postalCode ?? '',
    country,
    ...(v.phone ? { phone: v.phone } : {}),
  };
}

/** The flow's issue paths as the form's field names. */
const PATHS: Record<string, string> = {
  'shippingAddress.country': 'country',
  shippingRateId: 'shippingRateId',
  discountCode: 'discountCode',
};

/**
 * A refusal from the checkout flow next to its field. The flow's messages for
 * these paths are written for shoppers already (checkout-settings' service);
 * anything else gets a general sentence rather than its raw text.
 */
export function flowErrors(issues: readonly ErrorIssue[]): { errors: FieldErrors; general: string | null } {
  const errors: FieldErrors = {};
  let general: string | null = null;
  for (const i of issues) {
    const field = PATHS[i.path];
    if (field === 'country') errors.country = 'We do not ship to this country. Choose another one.';
    else if (field === 'shippingRateId')
      errors.shippingRateId = 'This shipping option does not ship to the address. Choose another one.';
    else if (field === 'discountCode') errors.discountCode = discountSentence(i.message);
    else if (i.path === 'payment') general = i.message;
    else if (i.path.startsWith('items'))
      general = `${i.message.replace(/\.$/, '')}. Please review your cart.`;
    else general ??= 'Something in the form needs another look. Please check it and try again.';
  }
  return { errors, general };
}

function discountSentence(message: string): string {
  return /used up/i.test(message)
    ? 'This discount code has been used up.'
    : message.endsWith('.')
      ? message
      : `${message}.`;
}

/** A saved address as form values (the account's address form and checkout's prefill). */
export function savedAddressValues(a: SavedAddress): Values {
  return {
    name: a.name,
    line1: a.line1,
    line2: a.line2 ?? '',
    city: a.city,
    region: a.region ?? '',
    postalCode: a.postalCode,
    country: a.country,
    phone: a.phone ?? '',
  };
}
