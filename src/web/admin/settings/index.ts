/** Admin › Settings pages (admins and owners; staff do not see Settings). Payments and Domain come from their own branches. */
import { Hono } from 'hono';
import type { AppEnv } from '../../../lib/http/context.js';
import { adminGuard } from '../layout.js';
import { addDiscount, deleteDiscount, discountEditPage, discountsPage, saveDiscount } from './discounts.js';
import { generalPage, saveGeneral } from './general.js';
import { newPageForm, pageEditor, pagesList, removePage, savePage } from './pages.js';
import { addShipping, deleteShipping, shippingPage } from './shipping.js';
import { deleteTax, putTax, taxesPage } from './taxes.js';
import { saveTheme, themePage } from './theme.js';

export const adminSettingsPages = new Hono<AppEnv>();
const g = adminGuard('admin');

adminSettingsPages.get('/admin/settings', ...g, (c) => generalPage(c));
adminSettingsPages.post('/admin/settings', ...g, saveGeneral);
adminSettingsPages.get('/admin/settings/theme', ...g, (c) => themePage(c));
adminSettingsPages.post('/admin/settings/theme', ...g, saveTheme);
adminSettingsPages.get('/admin/settings/pages', ...g, pagesList);
adminSettingsPages.get('/admin/settings/pages/new', ...g, newPageForm);
adminSettingsPages.post('/admin/settings/pages/new', ...g, savePage);
adminSettingsPages.get('/admin/settings/pages/:id', ...g, (c) => pageEditor(c));
adminSettingsPages.post('/admin/settings/pages/:id', ...g, savePage);
adminSettingsPages.post('/admin/settings/pages/:id/delete', ...g, removePage);
adminSettingsPages.get('/admin/settings/shipping', ...g, (c) => shippingPage(c));
adminSettingsPages.post('/admin/settings/shipping', ...g, addShipping);
adminSettingsPages.post('/admin/settings/shipping/:id/delete', ...g, deleteShipping);
adminSettingsPages.get('/admin/settings/taxes', ...g, (c) => taxesPage(c));
adminSettingsPages.post('/admin/settings/taxes', ...g, putTax);
adminSettingsPages.post('/admin/settings/taxes/:country/delete', ...g, deleteTax);
adminSettingsPages.get('/admin/settings/discounts', ...g, (c) => discountsPage(c));
adminSettingsPages.post('/admin/settings/discounts', ...g, addDiscount);
adminSettingsPages.get('/admin/settings/discounts/:id', ...g, (c) => discountEditPage(c));
adminSettingsPages.post('/admin/settings/discounts/:id', ...g, saveDiscount);
adminSettingsPages.post('/admin/settings/discounts/:id/delete', ...g, deleteDiscount);
