/** Default engine options; the blend weights were chosen by offline evaluation (see scripts/recommend-evaluate.ts). */
import type { EngineOptions } from './types.js';

export const DEFAULT_OPTIONS: EngineOptions = {
  halfLifeDays: 180,
  shrink: 1,
  alpha: 0.5,
  neighbours: 50,
  maxBasket: 30,
  weights: {
    basket: 1,
    shopper: 0.5,
    viewed: 0.3,
    content: 0.3,
    repeat: 1,
    historyBasket: 0.3,
    historyContent: 0.05,
    popular: 0.05,
  },
};
