/**
 * The page's only stylesheet, inlined into the HTML: nothing is fetched, so the page works
 * offline and under a Content-Security-Policy without any external source. System fonts that
 * cover Persian and Arabic (Vazirmatn / Noto where installed) come first for rtl pages.
 */
export const STYLE = `
:root{--bg:#f4f6fa;--card:#fff;--ink:#1d2433;--muted:#667085;--line:#e4e8ef;
--c1:#3b5bdb;--c2:#12a37a;--c3:#e8590c;--c4:#ae3ec9;--ok:#12a37a;--warn:#f08c00;--bad:#e03131}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
[dir=rtl] body{font-family:Vazirmatn,"Noto Sans Arabic","Noto Naskh Arabic",Tahoma,system-ui,sans-serif}
header.top{background:linear-gradient(120deg,#1e2a4a,#3b5bdb);color:#fff;padding:20px 28px 18px}
header.top h1{margin:0 0 4px;font-size:22px;font-weight:650;overflow-wrap:anywhere}
header.top p{margin:0;opacity:.85}
header.top .meta{display:flex;flex-wrap:wrap;gap:14px;align-items:center;justify-content:space-between;margin-top:10px;font-size:12px}
nav.langs a{color:#fff;text-decoration:none;padding:3px 10px;border:1px solid rgba(255,255,255,.45);border-radius:14px;margin-inline-start:6px}
nav.langs a[aria-current=page]{background:#fff;color:#1e2a4a}
main{padding:18px 22px 40px;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(430px,100%),1fr));gap:16px;max-width:1500px;margin:0 auto}
.tiles{grid-column:1/-1;display:grid;grid-template-columns:repeat(auto-fit,minmax(min(170px,100%),1fr));gap:12px;min-width:0}
.tiles.small{grid-template-columns:repeat(2,1fr)}
.tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px;display:flex;flex-direction:column;gap:4px;min-width:0;overflow-wrap:anywhere}
.tile .label{color:var(--muted);font-size:12px}
.tile .value{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.tile .sub{color:var(--muted);font-size:12px}
.panel{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 16px;min-width:0;max-width:100%;overflow-x:auto}
.panel.wide{grid-column:1/-1}
.panel h2{margin:0 0 4px;font-size:16px}
.panel h3{margin:12px 0 6px;font-size:13px;color:var(--muted);font-weight:600}
.help{margin:0 0 8px;color:var(--muted);font-size:12px}
.empty{color:var(--muted);font-style:italic}
.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(420px,100%),1fr));gap:18px}
.two>*{min-width:0}
.scroll{overflow:auto;max-height:340px}
.scroll.short{max-height:190px}
.scroll.free{max-height:none}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:start;white-space:nowrap}
thead th{position:sticky;top:0;background:#f8f9fc;font-size:12px;color:var(--muted);font-weight:600;z-index:1}
td.num{text-align:end}
td.barcell{width:32%;min-width:90px}
table.matrix td.barcell{width:auto;min-width:110px}
table.matrix th.group{text-align:center;border-bottom:2px solid var(--line);color:var(--ink)}
td.muted{color:var(--muted);font-size:12px}
td.reasons{white-space:normal}
td.error{white-space:normal;color:var(--bad);font-size:12px}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font-size:10px;fill:var(--muted);font-family:inherit}
svg.chart .grid{stroke:var(--line);stroke-width:1}
svg.chart .zero{stroke:#98a2b3;stroke-width:1}
svg.chart .line{fill:none;stroke-width:2.2;stroke-linejoin:round}
svg.chart .dot{stroke:#fff;stroke-width:1.5}
svg.chart .dot:hover,svg.chart .bar:hover{opacity:.7;cursor:default}
.line.c1{stroke:var(--c1)}.line.c2{stroke:var(--c2)}.line.c3{stroke:var(--c3)}.line.c4{stroke:var(--c4)}
.dot.c1,.bar.c1,.swatch.c1{fill:var(--c1);background:var(--c1)}
.dot.c2,.bar.c2,.swatch.c2{fill:var(--c2);background:var(--c2)}
.dot.c3,.bar.c3,.swatch.c3{fill:var(--c3);background:var(--c3)}
.dot.c4,.bar.c4,.swatch.c4{fill:var(--c4);background:var(--c4)}
svg.share{width:100%;height:9px;display:block}
[dir=rtl] svg.share{transform:scaleX(-1)}
svg.share .track{fill:#eef1f6}
ul.legend{list-style:none;display:flex;gap:14px;padding:0;margin:0 0 4px;font-size:12px;color:var(--muted)}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-inline-end:5px;vertical-align:-1px}
table.heatmap td.heat{text-align:center;font-size:11px;min-width:46px;border:2px solid #fff}
table.heatmap td.blank{background:#fafbfc}
.h0{background:#f1f4fd}.h1{background:#dde5fb}.h2{background:#c6d3f8}.h3{background:#aec0f4}.h4{background:#93aaef}
.h5{background:#7893ea;color:#fff}.h6{background:#5f7de3;color:#fff}.h7{background:#4a69dc;color:#fff}
.h8{background:#3b5bdb;color:#fff}.h9{background:#2f4bb8;color:#fff}.h10{background:#243a93;color:#fff}
.axis-note{color:var(--muted);font-size:12px;margin:4px 0 0}
[dir=rtl] .axis-note{direction:rtl}
.badge{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.badge.ok{background:var(--ok)}.badge.behind{background:var(--warn)}.badge.stalled{background:var(--bad)}
.badge.stopped{background:#862e9c}
tr.problems td{color:var(--bad);font-size:12px;white-space:normal;border-bottom:1px solid var(--line)}
tr[data-verdict=stalled] th,tr[data-verdict=stopped] th{color:var(--bad)}
.reason{display:inline-block;margin:1px 4px 1px 0;padding:0 7px;border-radius:9px;font-size:11px;background:#eef1f6}
.reason.deferred{background:#fff3bf}.reason.suppressed{background:#ffe3e3}
.tier{padding:1px 8px;border-radius:9px;font-size:12px}
.tier.gold{background:#ffec99}.tier.silver{background:#e9ecef}.tier.bronze{background:#ffd8a8}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;direction:ltr;unicode-bidi:isolate}
form.signin{max-width:420px;margin:60px auto;background:var(--card);padding:22px;border-radius:12px;border:1px solid var(--line)}
form.signin .notice{color:var(--bad)}
form.signin input{width:100%;padding:8px;margin:8px 0 12px;border:1px solid var(--line);border-radius:6px}
form.signin button{padding:8px 14px;border:0;border-radius:6px;background:var(--c1);color:#fff}
footer{color:var(--muted);font-size:12px;text-align:center;padding:0 0 24px}
@media (max-width:520px){main{grid-template-columns:1fr;padding:10px}}
`;
