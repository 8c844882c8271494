/**
 * The small shared stylesheet of every server-rendered surface (apex,
 * storefront, and whoever else wants it), inlined into each page's <head> so
 * a page needs no extra request. Colours and fonts come from CSS variables
 * that each layout sets (the storefront from the store's theme):
 *   --c-primary --c-on-primary --c-bg --c-surface --c-text --c-muted --c-accent --c-border
 *   --f-body --f-heading
 * Class vocabulary (keep it small): .wrap .skip .site-header .brand .nav
 * .btn .btn-secondary .card .grid .muted .field .error-text .notice .visually-hidden
 * .price .compare-at .badge .table
 */
export const UI_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--c-bg);color:var(--c-text);font-family:var(--f-body);line-height:1.5;font-size:1rem}
h1,h2,h3,h4{font-family:var(--f-heading);line-height:1.2;margin:1.2em 0 .5em}
a{color:var(--c-primary)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--c-accent);outline-offset:2px}
img{max-width:100%;height:auto;display:block}
.wrap{max-width:72rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:-9999px;top:0;background:var(--c-surface);color:var(--c-text);padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem;top:1rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.site-header{background:var(--c-surface);border-bottom:1px solid var(--c-border)}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem 1.5rem;padding-top:.75rem;padding-bottom:.75rem}
.brand{font-family:var(--f-heading);font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--c-text)}
.nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.nav a{text-decoration:none;color:var(--c-text);padding:.25rem 0;border-bottom:2px solid transparent}
.nav a:hover,.nav a[aria-current=page]{border-bottom-color:var(--c-primary)}
.header-tools{margin-left:auto;display:flex;align-items:center;gap:1rem;flex-wrap:wrap}
.search{display:flex;gap:.25rem}
.search input{width:12rem}
.nav-menu{display:none}.nav-menu summary{cursor:pointer;font-weight:600;padding:.25rem 0}
.nav-menu .nav ul{flex-direction:column;padding:.5rem 0}
@media(max-width:40rem){.site-header .wrap{gap:.5rem 1rem;padding-top:.5rem;padding-bottom:.5rem}.brand{font-size:1.1rem;flex:1;min-width:0;overflow-wrap:anywhere}
.nav-wide{display:none}.nav-menu{display:block}.header-tools{display:contents}
.header-tools search{order:5;flex:1 1 100%;min-width:0}.search{min-width:0}.search input{width:auto;flex:1;min-width:0}.search .btn{padding:.45rem .7rem}
main{padding:1rem 0 2rem}h1{font-size:1.6rem}}
main{display:block;padding:1.5rem 0 3rem}
.site-footer{border-top:1px solid var(--c-border);background:var(--c-surface);padding:1.5rem 0;font-size:.9rem;color:var(--c-muted)}
.site-footer ul{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem}
.site-footer a{color:var(--c-muted)}
.btn{display:inline-block;background:var(--c-primary);color:var(--c-on-primary);border:1px solid var(--c-primary);border-radius:.4rem;padding:.55rem 1.1rem;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.btn:hover{filter:brightness(1.08)}
.btn-secondary{background:transparent;color:var(--c-primary)}
input,select,textarea{font:inherit;color:inherit;background:var(--c-bg);border:1px solid var(--c-border);border-radius:.35rem;padding:.45rem .6rem}
.field{display:flex;flex-direction:column;gap:.3rem;margin:0 0 1rem}
.field label{font-weight:600}
.field .hint{font-size:.85rem;color:var(--c-muted)}
.error-text{color:#b3261e;font-size:.9rem}
.notice{border:1px solid var(--c-border);border-left:4px solid var(--c-accent);background:var(--c-surface);padding:.75rem 1rem;border-radius:.35rem}
.notice.error{border-left-color:#b3261e}
.muted{color:var(--c-muted)}
.card{background:var(--c-surface);border:1px solid var(--c-border);border-radius:.6rem;padding:1rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr))}
.grid.products{grid-template-columns:repeat(auto-fill,minmax(12rem,1fr))}
.product-card a{text-decoration:none;color:inherit}
.product-card img{aspect-ratio:1/1;object-fit:cover;border-radius:.4rem;background:var(--c-bg);width:100%}
.product-card h3{font-size:1rem;margin:.6rem 0 .2rem}
.price{font-weight:700}
.compare-at{text-decoration:line-through;color:var(--c-muted);font-weight:400;margin-left:.4rem}
.badge{display:inline-block;font-size:.75rem;padding:.1rem .5rem;border-radius:1rem;background:var(--c-accent);color:var(--c-on-primary)}
.table{border-collapse:collapse;width:100%}
.table th,.table td{border-bottom:1px solid var(--c-border);padding:.5rem;text-align:left}
.hero{padding:2.5rem 0 1.5rem}
.hero h1{font-size:2.2rem;margin-top:0}
.prose{max-width:44rem}
.badge-sale{background:#a3211a;color:#fff;font-weight:700}.promo-sale{margin:.2rem 0}.promo-cart{margin:1rem 0}.promo-cart ul,.promo-bundles{padding-left:1.2rem}
`;

/** A CSS colour we accept from data (themes): hex only, so nothing can break out of a <style> block. */
export function safeColor(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value)
    ? value
    : fallback;
}

/** A font stack from data: letters, digits, spaces, commas, hyphens and quotes only. */
export function safeFontStack(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^[A-Za-z0-9 ,'"-]{1,200}$/.test(value) ? value : fallback;
}

/** Black or white text, whichever reads better on a hex background. */
export function contrastText(hex: string): string {
  const h = hex.replace('#', '');
  const full =
    h.length === 3
      ? h
          .split('')
          .map((ch) => ch + ch)
          .join('')
      : h.slice(0, 6);
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16) / 255) as [
    number,
    number,
    number,
  ];
  const lin = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return lum > 0.4 ? '#111111' : '#ffffff';
}
