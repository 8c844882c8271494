/** Default engine options; the blend weights were chosen by offline evaluation (see scripts/recommend-evaluate.ts). */
import type { EngineOptions } from './types.js';

export const DEFAULT_OPTIONS: EngineOptions = {
  halfLifeDays: 180,
  shrink: 1,
  alpha: 0.5,
  neighbours: 50,
  maxBasket: 30,
  neighbourhoodSize: 100,
  neighbourhoodScan: 400,
  ownBasketBoost: 5,
  weights: {
    basket: 1,
    neighbourhood: 1,
    shopper: 0.5,
    viewed: 0.3,
    content: 0.6,
    repeat: 1,
    historyBasket: 0,
    historyContent: 0,
    popular: 0,
  },
};
