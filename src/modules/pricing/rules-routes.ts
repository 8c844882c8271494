/** Admin API: price rules and promotions (CRUD). Reads: staff; writes: admin. */
import { requireStoreRole, storeOf } from '../../lib/http/middleware.js';
import { createRouter, crudRoutes } from '../../lib/http/openapi.js';
import { actorOf } from '../catalog/actor.js';
import {
  ZCreatePromotion,
  ZCreateRule,
  ZPromotionOut,
  ZRule,
  ZUpdatePromotion,
  ZUpdateRule,
} from './schemas.js';
import {
  createPriceRule,
  createStorePromotion,
  deletePriceRule,
  deleteStorePromotion,
  listPriceRules,
  listStorePromotions,
  updatePriceRule,
  updateStorePromotion,
} from './service.js';

const tags = ['Admin: pricing'];
const access = { read: requireStoreRole('staff'), write: requireStoreRole('admin') };

const withRules = crudRoutes(createRouter(), {
  ...access,
  path: '/api/admin/pricing/rules',
  tags,
  plural: 'Price rules',
  item: ZRule,
  create: ZCreateRule,
  update: ZUpdateRule,
  list: (c) => listPriceRules(c.get('deps').db, storeOf(c).id),
  add: (c, input) => createPriceRule(c.get('deps').db, storeOf(c).id, input, actorOf(c)),
  change: (c, id, input) => updatePriceRule(c.get('deps').db, storeOf(c).id, id, input, actorOf(c)),
  remove: (c, id) => deletePriceRule(c.get('deps').db, storeOf(c).id, id, actorOf(c)),
});

export const pricingRulesRoutes = crudRoutes(withRules, {
  ...access,
  path: '/api/admin/pricing/promotions',
  tags,
  plural: 'Promotions',
  item: ZPromotionOut,
  create: ZCreatePromotion,
  update: ZUpdatePromotion,
  list: (c) => listStorePromotions(c.get('deps').db, storeOf(c).id),
  add: (c, input) => createStorePromotion(c.get('deps').db, storeOf(c).id, input, actorOf(c)),
  change: (c, id, input) => updateStorePromotion(c.get('deps').db, storeOf(c).id, id, input, actorOf(c)),
  remove: (c, id) => deleteStorePromotion(c.get('deps').db, storeOf(c).id, id, actorOf(c)),
});
