/**
 * The merchant admin's stylesheet, inlined after UI_CSS (../assets/ui-css.ts,
 * the storefront's — never changed from here) by src/web/admin/layout.tsx.
 * It sets the admin palette, the shell (sidebar ≥ 60rem, a compact top bar
 * with a no-JS menu toggle below), and the classes of the UI kit
 * (src/web/components/ui.tsx). Pages that predate the kit (plain <button>,
 * table.table, .stats) get the same look for free.
 *
 * Invariant: nothing in the shell may be wider than the viewport at 390 px;
 * a DataTable turns into one card per row on a phone (.table-wrap.stack),
 * and other tables scroll inside their own box (.table-wrap) instead. Below 60rem an
 * open confirm panel drops into the flow under its button, as wide as its
 * container, so it stays on screen even without the kit's script (which
 * shifts the floating panel back on wider windows).
 */
export const ADMIN_CSS = `
:root{--c-primary:#4338ca;--c-on-primary:#fff;--c-bg:#fff;--c-surface:#f6f7fb;--c-text:#17172b;
--c-muted:#5b5b70;--c-accent:#0e9f6e;--c-border:#e0e0ea;--c-danger:#b3261e;--c-warn:#9a5b00;--c-ok:#0b7a53;
--c-info:#1d4ed8;--c-page:#f3f4f8;--radius:.5rem;--shadow:0 1px 2px rgba(16,16,40,.06),0 1px 3px rgba(16,16,40,.08);
--f-body:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--f-heading:var(--f-body)}
body{background:var(--c-page);font-size:.95rem}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.15rem}
h3{font-size:1rem}
.admin{display:grid;grid-template-columns:15rem minmax(0,1fr);min-height:100vh}
.admin-side{background:#17172b;color:#e7e7f3;padding:1rem .75rem;position:sticky;top:0;height:100vh;overflow-y:auto}
.side-head{display:flex;align-items:center;justify-content:space-between;gap:.5rem;padding:0 .5rem .75rem}
.side-head .brand{color:#fff;font-size:1.05rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.menu-btn{display:none;cursor:pointer;border:1px solid #4a4a66;border-radius:var(--radius);padding:.35rem .7rem;color:#fff;font-weight:600}
.nav-toggle{position:absolute;opacity:0;width:1px;height:1px;pointer-events:none}
.nav-toggle:focus-visible~.admin .menu-btn{outline:3px solid var(--c-accent);outline-offset:2px}
.side-nav ul{list-style:none;margin:0;padding:0}
.side-nav li a{display:block;padding:.45rem .7rem;border-radius:.4rem;text-decoration:none;color:#d5d5e6}
.side-nav li a:hover{background:#26264a;color:#fff}
.side-nav li a[aria-current=page]{background:var(--c-primary);color:#fff;font-weight:600}
.side-nav .side-foot{border-top:1px solid #33334f;margin-top:1rem;padding:.75rem .7rem 0}
.side-nav .side-foot a{color:#b9b9d6}
.admin-content{min-width:0;display:flex;flex-direction:column}
.admin-top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:flex-end;padding:.6rem 1.5rem;background:var(--c-bg);border-bottom:1px solid var(--c-border)}
.admin-top .who{color:var(--c-muted);font-size:.9rem;overflow-wrap:anywhere}
.admin-top form{margin:0}
.admin-main{padding:1.25rem 1.5rem 3rem;max-width:80rem;width:100%;overflow-wrap:break-word}
.admin-main>section,.admin-main>.card{margin-top:1.25rem}
.page-head{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.75rem;margin-bottom:1rem}
.page-head>*{min-width:0}.page-head h1{overflow-wrap:anywhere}
.page-head .back{display:block;font-size:.85rem;margin-bottom:.25rem;text-decoration:none}
.page-head .actions{display:flex;flex-wrap:wrap;gap:.5rem}
.switcher{position:relative}.switcher summary{cursor:pointer;color:var(--c-primary)}
.switcher ul{position:absolute;right:0;z-index:5;background:var(--c-bg);border:1px solid var(--c-border);border-radius:var(--radius);box-shadow:var(--shadow);list-style:none;margin:.4rem 0 0;padding:.5rem;min-width:14rem}
.switcher li{padding:.2rem 0}
button,.btn{display:inline-flex;align-items:center;gap:.35rem;background:var(--c-primary);color:var(--c-on-primary);border:1px solid var(--c-primary);border-radius:var(--radius);padding:.45rem .9rem;font:inherit;font-weight:600;font-size:.9rem;line-height:1.3;text-decoration:none;cursor:pointer;white-space:nowrap}
button:hover,.btn:hover{filter:brightness(1.08)}
button:disabled{opacity:.55;cursor:not-allowed}
.btn-secondary{background:var(--c-bg);color:var(--c-text);border-color:var(--c-border)}
.btn-secondary:hover{background:var(--c-surface);filter:none}
.btn-danger{background:var(--c-danger);border-color:var(--c-danger);color:#fff}
.btn-link{background:none;border-color:transparent;color:var(--c-primary);padding:.2rem .3rem;font-weight:500;text-decoration:underline}
.btn-sm{padding:.25rem .6rem;font-size:.82rem}
input,select,textarea{max-width:100%;font-size:.95rem}
input:not([type=checkbox]):not([type=radio]):not([type=file]),select,textarea{width:100%}
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border-color:var(--c-danger);box-shadow:0 0 0 1px var(--c-danger)}
.field{margin:0 0 .9rem}
.field .error-text{font-weight:600}
.check{display:flex;gap:.5rem;align-items:flex-start;margin:0 0 .9rem}.check input{margin-top:.25rem}
.form-grid{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,14rem),1fr))}
.form-grid>.field.wide{grid-column:1/-1}.field.wide select{width:auto;min-width:min(100%,14rem)}
.event-groups{columns:15rem;column-gap:1rem;margin-top:.5rem}
.event-group{break-inside:avoid;margin:0 0 1rem;padding:.5rem .9rem .1rem}
.event-group legend{font-size:.9rem}
.event-group .check{margin:0 0 .55rem}.event-group .check span{display:flex;flex-direction:column;min-width:0}
.event-group code{font-size:.78rem;overflow-wrap:anywhere}
.form-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin-top:.5rem}
fieldset{border:1px solid var(--c-border);border-radius:var(--radius);padding:.75rem 1rem;margin:0 0 1rem;min-width:0}
legend{font-weight:600;padding:0 .3rem}
fieldset.plain{border:0;padding:0;margin:0}
fieldset.plain>.card{margin-top:1rem}
.card{background:var(--c-bg);border:1px solid var(--c-border);border-radius:.6rem;padding:1rem 1.1rem;box-shadow:var(--shadow);min-width:0}
.card>h2:first-child,.card-head h2{margin-top:0}
.card-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.5rem;margin-bottom:.5rem}
.card-head h2{margin:0}
.cards{display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr));margin-top:1rem}
.stats{display:grid;gap:.75rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,9.5rem),1fr))}
.stat{background:var(--c-bg);border:1px solid var(--c-border);border-radius:.6rem;padding:.8rem 1rem;box-shadow:var(--shadow)}
.stat .n{font-size:1.5rem;font-weight:700;display:block}
.stat .label{color:var(--c-muted);font-size:.85rem}
.stat .delta.up{color:var(--c-ok)}.stat .delta.down{color:var(--c-danger)}
.table-wrap,.admin-main table{position:relative}
.table-wrap{overflow-x:auto;background:var(--c-bg);border:1px solid var(--c-border);border-radius:.6rem}
.table{border-collapse:collapse;width:100%;font-size:.9rem}
.table th{font-weight:600;color:var(--c-muted);background:var(--c-surface);font-size:.8rem;text-transform:uppercase;letter-spacing:.02em}
.table th,.table td{padding:.55rem .7rem;border-bottom:1px solid var(--c-border);text-align:left;vertical-align:top}
.table tr:last-child td,.table tr:last-child th{border-bottom:0}
.table tbody th{background:none;text-transform:none;letter-spacing:0;font-size:.9rem;color:var(--c-text)}
.table .num,.table th.num{text-align:right;font-variant-numeric:tabular-nums}
.table th a{color:inherit;text-decoration:none}.table th a:hover{color:var(--c-primary)}
.table th[aria-sort] a::after{content:" ▲";font-size:.7rem}.table th[aria-sort=descending] a::after{content:" ▼"}
.table td.empty{padding:0}
.table td>ul,.table td>.cell>ul{margin:0;padding-left:1.1rem}
.filter-bar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start;margin:0 0 1rem}
/* Each filter is as wide as its label and its control's whole text (a select's longest option, a date's
   dd/mm/yyyy and picker), never narrower: a bar that does not fit wraps onto another line instead of
   cutting text off. Only the search box stretches to fill its line. */
.filter-bar .fb-item{display:flex;flex-direction:column;gap:.2rem;flex:0 1 auto}
.filter-bar .fb-item:not(.fb-search) select,.filter-bar .fb-item:not(.fb-search) input{width:auto;min-width:100%}
.filter-bar .fb-search{flex:1 1 14rem;min-width:min(100%,14rem)}
.filter-bar label{font-size:.8rem;line-height:1.2rem;color:var(--c-muted);font-weight:600}
/* One height for every filter control: Chromium draws a select ~3 px shorter than a text input and a date
   input ~2 px taller, so controls and the labels above them did not line up. */
.filter-bar input:not([type=checkbox]):not([type=radio]),.filter-bar select,.filter-bar>button{height:2.6rem;margin:0}
/* Items align at the top (a field's error under its control must not lift its label); Apply and whatever
   follows it drop by one label line plus the item's gap, to sit level with the controls. */
.filter-bar>button,.filter-bar>button~*{margin-top:1.4rem}
.filter-bar>button~*{line-height:2.6rem}
.pagination{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;margin:.75rem 0}
.pagination .pages{display:flex;gap:.4rem}
.badge{display:inline-block;font-size:.75rem;font-weight:600;padding:.1rem .55rem;border-radius:1rem;background:#eceef5;color:#3b3b55;white-space:nowrap}
.badge.ok{background:#dcf3e8;color:#075e40}.badge.warn{background:#fdf0d5;color:#7a4800}
.badge.danger{background:#fbe1df;color:#8c1d16}.badge.info{background:#e0e9fd;color:#1e3a8a}
.notice{background:var(--c-bg);margin:0 0 1rem}
.notice.warn{border-left-color:var(--c-warn)}
.empty-state{text-align:center;padding:2rem 1rem;color:var(--c-muted)}
.empty-state h3{color:var(--c-text);margin:0 0 .4rem}
.empty-state .btn{margin-top:.75rem}
details.confirm{display:inline-block;position:relative}
details.confirm>summary{list-style:none}details.confirm>summary::-webkit-details-marker{display:none}
.confirm-panel{position:absolute;z-index:6;right:0;margin-top:.4rem;width:min(20rem,80vw);background:var(--c-bg);border:1px solid var(--c-border);border-radius:var(--radius);box-shadow:0 8px 24px rgba(16,16,40,.18);padding:.9rem 1rem}
.confirm-panel p{margin:0 0 .75rem;white-space:normal}
.confirm-panel .form-actions{margin:0}
td.why{min-width:18rem}td.why ul{margin:0;padding-left:1.1rem}
.chart{width:100%;height:auto;display:block;overflow:visible}
.chart text{font-size:11px;fill:var(--c-muted);font-family:var(--f-body)}
.chart text.no-data{font-size:13px}
.chart .grid-line{stroke:var(--c-border);stroke-width:1}
.chart .line{fill:none;stroke:var(--c-primary);stroke-width:2}
.chart .area{fill:var(--c-primary);opacity:.08}
.chart .bar{fill:var(--c-primary)}
.spark{width:6rem;height:1.5rem;vertical-align:middle}
.spark .line{fill:none;stroke:var(--c-primary);stroke-width:1.5}
.checklist{list-style:none;padding:0;margin:0}
.checklist li{display:flex;gap:.6rem;align-items:center;padding:.45rem 0;border-bottom:1px solid var(--c-border)}
.checklist li:last-child{border-bottom:0}
.checklist li{flex-wrap:wrap}.checklist .grow{flex:1 1 8rem;min-width:0;overflow-wrap:anywhere}
.checklist .tick{width:1.3rem;height:1.3rem;border-radius:50%;border:2px solid var(--c-border);flex:none;display:inline-flex;align-items:center;justify-content:center;font-size:.8rem}
.checklist .done .tick{background:var(--c-ok);border-color:var(--c-ok);color:#fff}
.checklist .done a{color:var(--c-muted);text-decoration:line-through}
.thumb{display:inline-block;width:2.5rem;height:2.5rem;object-fit:cover;border-radius:.3rem;background:var(--c-surface);border:1px solid var(--c-border)}
.image-grid{list-style:none;padding:0;margin:0 0 1rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.75rem}
.image-tile{border:1px solid var(--c-border);border-radius:var(--radius);padding:.6rem;display:flex;flex-direction:column;gap:.5rem;min-width:0}
.image-tile img{width:100%;aspect-ratio:1;object-fit:cover;border-radius:.3rem;background:var(--c-surface)}
.image-tile .field{margin:0}
.char-count{font-size:.8rem;color:var(--c-muted)}
.char-count.over{color:var(--c-danger);font-weight:600}
.admin-main svg{max-width:100%;height:auto}
.admin-main figure{margin:1rem 0}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.inline-form{display:inline-flex;gap:.35rem;align-items:center;margin:0}
.inline-form input{width:5rem!important}.inline-form select{width:auto}
.tabs{display:flex;flex-wrap:wrap;gap:.25rem;border-bottom:1px solid var(--c-border);margin-bottom:1rem}
.tabs a{padding:.5rem .8rem;text-decoration:none;color:var(--c-muted);border-bottom:2px solid transparent;white-space:nowrap}
.tabs a[aria-current=page]{color:var(--c-text);border-bottom-color:var(--c-primary);font-weight:600}
@media (max-width:60rem){
.admin{grid-template-columns:minmax(0,1fr);grid-template-rows:auto 1fr}
.admin-side{position:static;height:auto;padding:.5rem .75rem}
.side-head{padding:0}
.menu-btn{display:inline-block}
.side-nav{display:none;padding-top:.5rem}
.nav-toggle:checked~.admin .side-nav{display:block}
.admin-top{padding:.5rem 1rem;justify-content:space-between;flex-wrap:nowrap}
.admin-top .who{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;flex:1 1 auto}
.admin-main{padding:1rem 1rem 2.5rem}
.admin-main table{display:block;overflow-x:auto;max-width:100%}
.admin-main .table-wrap table{display:table}
.filter-bar .fb-item{flex:1 1 100%;min-width:0}
.filter-bar .fb-item:not(.fb-search) select,.filter-bar .fb-item:not(.fb-search) input{width:100%;min-width:0}
.filter-bar>button,.filter-bar>button~*{margin-top:0}
details.confirm[open]{display:block}
.confirm-panel{position:static;width:auto;max-width:100%;box-sizing:border-box}
}
/* DataTable between a phone and a desktop: low-priority columns (minor) step aside, and long unbroken values
   (td.long: e-mails, SKUs) may wrap anywhere, so a wide list fits its box instead of scrolling sideways. */
.table td.long{overflow-wrap:anywhere}
.table td time{white-space:nowrap}
/* On a desktop a row's thumbnail sits beside its title instead of above it (a tablet lacks the room). */
@media (min-width:60.01rem){.table-wrap>.table td.heading>.row{flex-wrap:nowrap}.table td.heading .thumb{flex:none}}
@media (min-width:40.01rem) and (max-width:60rem){
.table-wrap.stack>.table .minor{display:none}
}
/* DataTable on a phone (../components/ui-table.tsx): each row is a card — its heading cell first, then one line per
   cell, the column's label (data-label) on the left and the value on the right — so no column is ever off-screen
   and nothing scrolls sideways. The sortable headers stay, as a row of sort links above the cards. */
@media (max-width:40rem){
.table-wrap.stack{overflow:visible;border:0;background:none;border-radius:0}
.table-wrap.stack>.table,.table-wrap.stack>.table>tbody,.table-wrap.stack>.table>tbody>tr{display:block;width:auto}
.table-wrap.stack>.table>thead{display:none}
.table-wrap.stack>.table>thead.sorts{display:block;margin:0 0 .5rem}
.table-wrap.stack>.table>thead.sorts>tr{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.table-wrap.stack>.table>thead.sorts th{display:none}
.table-wrap.stack>.table>thead.sorts th.sortable,.table-wrap.stack>.table>thead.sorts th.lead{display:block;border:1px solid var(--c-border);border-radius:1rem;padding:.25rem .75rem;background:var(--c-bg);text-align:left}
.table-wrap.stack>.table>tbody>tr{border:1px solid var(--c-border);border-radius:.6rem;background:var(--c-bg);margin:0 0 .6rem;padding:.35rem 0;box-shadow:var(--shadow)}
.table-wrap.stack>.table>tbody>tr>td{display:block;border:0;padding:.3rem .8rem;text-align:left;min-width:0;overflow-wrap:anywhere}
.table-wrap.stack>.table>tbody>tr>th{display:block;border:0;padding:.3rem .8rem}
.table-wrap.stack>.table>tbody>tr>td.heading{font-size:.95rem}.table-wrap.stack>.table>tbody>tr>td.heading a{font-weight:600}
.table-wrap.stack>.table>tbody>tr>td.actions{border-top:1px solid var(--c-border);padding-top:.5rem}
.table-wrap.stack>.table>tbody>tr>td.lead,.table-wrap.stack>.table>tbody>tr>td.pre{float:left;padding-right:0}
.table-wrap.stack>.table>tbody>tr>td.pre{padding-right:.6rem}.table-wrap.stack>.table>tbody>tr>td.lead+td.pre{padding-left:.4rem}
.table-wrap.stack>.table>tbody>tr>td[data-label],.table-wrap.stack>.table>tbody>tr>td.actions{clear:both}
.table-wrap.stack>.table>tbody>tr>td[data-label]{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr);gap:.75rem;align-items:baseline;justify-items:start;border-top:1px solid var(--c-border)}
.table-wrap.stack>.table>tbody>tr>td[data-label]::before{content:attr(data-label);color:var(--c-muted);font-size:.8rem;font-weight:600}
.table-wrap.stack>.table>tbody>tr>td>.cell{min-width:0}
.table-wrap.stack>.table>tbody>tr>td.minor{display:block}
/* A compact card (DataTable compact: alerts) — a list to scan: heading and its badge on one line, then the values
   three to a line (label over value), then every action in one row; buttons 2.5rem high (touch targets). */
.table-wrap.compact>.table>tbody>tr{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content;gap:.3rem .6rem;align-items:start;padding:.5rem .7rem}
.table-wrap.compact>.table>tbody>tr>td,.table-wrap.compact>.table>tbody>tr>td[data-label]{padding:0;border:0;display:block}
.table-wrap.compact>.table>tbody>tr>td.heading{grid-column:1/3;grid-row:1;min-width:0}
.table-wrap.compact>.table>tbody>tr>td.heading .row{flex-wrap:nowrap}.table-wrap.compact>.table>tbody>tr>td.heading .row>*{min-width:0}
.table-wrap.compact>.table>tbody>tr>td.head{grid-column:3;grid-row:1;justify-self:end;text-align:right}
.table-wrap.compact>.table>tbody>tr>td.heading{position:relative;min-height:2.5rem}.table-wrap.compact td.heading .thumb{flex:none}
.table-wrap.compact>.table>tbody>tr>td.heading a::after{content:"";position:absolute;inset:0}
.table-wrap.compact>.table>tbody>tr>td[data-label]::before{display:block;font-size:.72rem;line-height:1.3}
.table-wrap.compact>.table>tbody>tr>td.actions{grid-column:1/-1;padding-top:.3rem;border-top:1px solid var(--c-border)}
.table-wrap.compact td.actions .row{flex-wrap:nowrap;gap:.4rem}.table-wrap.compact td.actions .row .row{display:contents}
.table-wrap.compact td.actions .row>*{flex:1 1 auto;min-width:0}.table-wrap.compact td.actions form>.btn{width:100%}
.table-wrap.compact td.actions .btn-link{border-color:var(--c-border);text-decoration:none}
.table-wrap.compact td.actions .btn{min-height:2.5rem;display:inline-flex;align-items:center;justify-content:center;padding:0 .5rem;white-space:nowrap}
td.why{min-width:0}
.tabs a{padding:.5rem .55rem}
}
@media print{.admin-side,.admin-top,.nav-toggle,.page-head .actions{display:none}.admin{display:block}body{background:#fff}}
`;
