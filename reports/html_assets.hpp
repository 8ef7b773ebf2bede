#pragma once

#include <string_view>

namespace covbar::reports::html_assets {

/// Shared stylesheet: light by default, dark under prefers-color-scheme, plain for print.
/// Coverage states are colours and a marker glyph and a text label (never colour alone).
inline constexpr std::string_view k_style = R"CSS(
:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--cov:#dafbe1;--unc:#ffebe9;
--par:#fff8c5;--bar:#1a7f37;--barbg:#ffd8d3;--chg:#0969da;--pass:#1a7f37;--fail:#cf222e;
--target:#ddf4ff}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;
--line:#3d444d;--cov:#12361f;--unc:#4b1113;--par:#3b2e05;--bar:#3fb950;--barbg:#5a1e1e;
--chg:#4493f8;--pass:#3fb950;--fail:#f85149;--target:#0c2d6b}}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;
background:var(--bg);color:var(--fg)}
a{color:var(--chg)}
h1{font-size:1.4em;margin:0 0 .5em}
table{border-collapse:collapse}
th,td{padding:.15em .6em;border-bottom:1px solid var(--line);text-align:right;
white-space:nowrap}
th:first-child,td:first-child{text-align:left}
th button{font:inherit;font-weight:600;background:none;border:0;color:inherit;cursor:pointer;
padding:0}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap}
.pass{color:var(--pass);font-weight:700}.fail{color:var(--fail);font-weight:700}
.muted{color:var(--muted)}
.bar{display:inline-block;width:5em;height:.7em;background:var(--barbg);margin-left:.4em;
vertical-align:middle}
.bar span{display:block;height:100%;background:var(--bar)}
.toggle{background:none;border:0;color:inherit;cursor:pointer;font:inherit;padding:0 .3em 0 0}
#more{margin-top:.8em}
figure{margin:.5em 0}figure svg{max-width:100%;height:auto}
table.src{width:100%;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table.src td{border:0;padding:0 .5em}
table.src th:last-child{text-align:left}
table.src td.s{text-align:left;white-space:pre;width:100%}
table.src td.n a{color:var(--muted);text-decoration:none}
tr.cov td.s,tr.cov td.h{background:var(--cov)}
tr.unc td.s,tr.unc td.h{background:var(--unc)}
tr.par td.s,tr.par td.h{background:var(--par)}
tr.chg td.n{border-left:3px solid var(--chg)}
tr:target{outline:2px solid var(--chg);outline-offset:-2px}
tr:target td.n{background:var(--target)}
td.m{text-align:center;width:1.2em}
@media print{body{margin:0;background:#fff;color:#000}button,#more,.toggle{display:none}
tr.cov td.s,tr.unc td.s,tr.par td.s{background:none}a{color:#000}
.bar{border:1px solid #000;background:#fff}.bar span{background:#000}}
)CSS";

/// The index's table: a folder tree built from the inline JSON (#covbar-data), sorted by the
/// clicked column, folders collapsible, rows added a page at a time. Text goes in through
/// textContent only, so no path can become markup.
inline constexpr std::string_view k_index_script = R"JS(
(function(){
'use strict';
var data=JSON.parse(document.getElementById('covbar-data').textContent);
var P=data.precision,K=data.metrics,PAGE=1000;
function pct(c,t){if(t===0)return'n/a';var s=(BigInt(c)*(10n**BigInt(P+2))/BigInt(t)).toString();
while(s.length<=P)s='0'+s;return(P?s.slice(0,s.length-P)+'.'+s.slice(s.length-P):s)+'%';}
function node(name,path){return{name:name,path:path,dirs:new Map(),files:[],n:new Array(2*K.length).fill(0)};}
var root=node('','');
data.files.forEach(function(f){var parts=f[0].split('/'),d=root;
for(var i=0;i<parts.length-1;i++){var p=parts.slice(0,i+1).join('/');
if(!d.dirs.has(parts[i]))d.dirs.set(parts[i],node(parts[i],p));d=d.dirs.get(parts[i]);}
d.files.push({name:parts[parts.length-1],path:f[0],page:f[1],n:f.slice(2)});});
(function sum(d){d.dirs.forEach(function(c){sum(c);for(var i=0;i<d.n.length;i++)d.n[i]+=c.n[i];});
d.files.forEach(function(f){for(var i=0;i<d.n.length;i++)d.n[i]+=f.n[i];});})(root);
var sortKey='name',sortDir=1,collapsed=new Set(),shown=PAGE;
function cmp(a,b){var r;if(sortKey==='name'){r=a.name<b.name?-1:a.name>b.name?1:0;}
else{var m=sortKey[0],col=sortKey[1],i=2*m;
if(col==='p'){var at=a.n[i+1],bt=b.n[i+1];if(at===0||bt===0)return(at===0)-(bt===0);
r=a.n[i]*bt-b.n[i]*at;}else r=a.n[i+(col==='t'?1:0)]-b.n[i+(col==='t'?1:0)];
if(r===0)r=a.path<b.path?-1:a.path>b.path?1:0;}return r*sortDir;}
function flatten(d,depth,out){var kids=Array.from(d.dirs.values()).concat(d.files).sort(cmp);
kids.forEach(function(k){out.push({item:k,depth:depth});
if(k.dirs&&!collapsed.has(k.path))flatten(k,depth+1,out);});return out;}
var body=document.getElementById('rows'),more=document.getElementById('more');
function cell(tr,text,cls){var td=document.createElement('td');td.textContent=text;if(cls)td.className=cls;tr.appendChild(td);return td;}
function render(){var rows=flatten(root,0,[]);body.textContent='';
rows.slice(0,shown).forEach(function(r){var it=r.item,tr=document.createElement('tr');
var td=document.createElement('td');td.style.paddingLeft=(0.6+1.2*r.depth)+'em';
if(it.dirs){tr.className='dir';var b=document.createElement('button');b.className='toggle';
var open=!collapsed.has(it.path);b.setAttribute('aria-expanded',String(open));
b.setAttribute('aria-label',(open?'Collapse ':'Expand ')+it.path);b.textContent=open?'\u25be':'\u25b8';
b.addEventListener('click',function(){if(collapsed.has(it.path))collapsed.delete(it.path);else collapsed.add(it.path);render();});
td.appendChild(b);var s=document.createElement('strong');s.textContent=it.name+'/';td.appendChild(s);}
else{tr.className='file';var a=document.createElement('a');a.href=it.page;a.textContent=it.name;td.appendChild(a);}
tr.dataset.path=it.path;tr.appendChild(td);
for(var m=0;m<K.length;m++){var c=it.n[2*m],t=it.n[2*m+1];
var pc=cell(tr,pct(c,t),'p');pc.dataset.metric=K[m];if(t>0){var bar=document.createElement('span');
bar.className='bar';bar.setAttribute('aria-hidden','true');var fill=document.createElement('span');
fill.style.width=Math.floor(100*c/t)+'%';bar.appendChild(fill);pc.appendChild(bar);}
cell(tr,String(c));cell(tr,String(t));}
body.appendChild(tr);});
more.hidden=rows.length<=shown;more.textContent='Show '+Math.min(PAGE,rows.length-shown)+' more of '+(rows.length-shown)+' rows';}
more.addEventListener('click',function(){shown+=PAGE;render();});
document.querySelectorAll('th[data-sort]').forEach(function(th){var b=th.querySelector('button');
b.addEventListener('click',function(){var k=th.dataset.sort;var key=k==='name'?'name':[Number(k[0]),k[1]];
var same=JSON.stringify(key)===JSON.stringify(sortKey);sortDir=same?-sortDir:(k==='name'?1:-1);sortKey=key;
document.querySelectorAll('th[data-sort]').forEach(function(o){o.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',sortDir>0?'ascending':'descending');render();});});
render();
})();
)JS";

} // namespace covbar::reports::html_assets
