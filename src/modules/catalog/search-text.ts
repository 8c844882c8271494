/**
 * Turning a shopper's search string into safe query inputs. The user's text
 * never reaches SQL as syntax: it is split into letter/digit tokens here, and
 * the tokens are passed as bound parameters (each one quoted again inside the
 * tsquery text), so `'; drop table …`, `%`, `_` and `\` are just characters.
 */

/** Lower-case, accents removed, split on anything that is not a letter or digit. */
export function searchTokens(q: string): string[] {
  return q
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0)
    .slice(0, 12)
    .map((t) => t.slice(0, 60));
}

/**
 * to_tsquery text: all tokens must match; tokens of 3+ characters also match
 * as prefixes ("shirt" finds "shirts"). Quoted, so the tsquery parser reads
 * each token as one lexeme whatever it contains.
 */
export function tsqueryText(tokens: string[]): string {
  return tokens.map((t) => `'${t.replace(/'/g, "''")}'${isPrefixToken(t) ? ':*' : ''}`).join(' & ');
}

/** Whether a token matches as a prefix in the tsquery (3+ characters), else as a whole lexeme. */
export function isPrefixToken(t: string): boolean {
  return t.length >= 3;
}

/** Escapes LIKE/ILIKE metacharacters (with `\` as the escape character). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
