/**
 * Text to terms: lower-case, split on anything that is not a letter or digit, drop English stop words and
 * one-letter tokens, Porter-stem the rest. Numbers stay (sizes such as "12" or "60cm" carry meaning here).
 */
import { stemmer } from 'stemmer';

const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between ' +
    'both but by can did do does doing down during each few for from further had has have having he her here ' +
    'hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now ' +
    'of off on once only or other our ours ourselves out over own same she should so some such than that the ' +
    'their theirs them themselves then there these they this those through to too under until up very was we ' +
    'were what when where which while who whom why will with you your yours yourself yourselves set pack of ' +
    'assorted design'
  ).split(' '),
);

const stemCache = new Map<string, string>();

/** Stems one lower-case word, memoised (catalogues repeat the same words many times). */
function stemWord(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = /^[a-z]+$/.test(word) ? stemmer(word) : word;
    stemCache.set(word, stem);
  }
  return stem;
}

/** Splits text into stemmed terms, stop words removed. */
export function tokenise(text: string): string[] {
  const terms: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    terms.push(stemWord(raw));
  }
  return terms;
}

/** Keeps an unstemmed display word per stem so reasons read "similar: linen, summer" rather than "linen, summ". */
export function collectDisplayWords(text: string, into: Map<string, string>): void {
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 2 || STOP_WORDS.has(raw)) continue;
    const stem = stemWord(raw);
    if (!into.has(stem)) into.set(stem, raw);
  }
}
