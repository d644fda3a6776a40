/* Material for MkDocs' search box, answered from a Pagefind index (mkdocs_plugin/search.py).
 *
 * Material runs its search in a web worker and lets a site replace that worker: the page sends
 * SETUP (Material's lunr index, empty here because every page is excluded from it), waits for READY,
 * then sends each QUERY and renders each RESULT as its own result list. This worker speaks the same
 * messages but searches Pagefind's sharded index, which fetches only the shards a query needs instead
 * of one index of every page: with thousands of post-mortems that is the difference between a first
 * result in well under a second and a frozen tab (docs/library.md).
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var RESULTS = 20;   /* pages fetched per query: each needs one small fragment file */
var SECTIONS = 2;   /* sections shown under a page; Material folds the others under "more" */
var PAUSE_MS = 120; /* typing pause before a query runs */

var site = new URL("../", self.location.href);   /* this file is <site>/incidentbook/search-worker.js */
var pagefind = null;
var latest = 0;

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
  });
}

/* A large site is indexed as several Pagefind indexes (pagefind/ and pagefind/more/N/, each built by
   its own bounded Pagefind process); pagefind/incidentbook-indexes.json lists the others, which
   Pagefind merges into every search, all results sorted by score. */
async function setup() {
  var options = {baseUrl: site.pathname, excerptLength: 30};
  pagefind = await import(new URL("pagefind/pagefind.js", site).href);
  await pagefind.options(options);
  await pagefind.init();
  var manifest = await fetch(new URL("pagefind/incidentbook-indexes.json", site));
  var merge = manifest.ok ? (await manifest.json()).merge : [];
  await Promise.all(merge.map(function (path) {
    return pagefind.mergeIndex(new URL("pagefind/" + path, site).pathname, options);
  }));
}

/* One Pagefind page as Material's result group: the page first, then its best sections. */
function toGroup(page, score, terms) {
  var sections = (page.sub_results || []).filter(function (s) { return s.url !== page.url; });
  var group = [{
    location: page.url,
    title: escapeHTML(page.meta.title || page.url),
    text: page.excerpt,
    score: score,
    terms: terms
  }];
  sections.forEach(function (section, index) {
    group.push({
      location: section.url,
      title: escapeHTML(section.title),
      text: section.excerpt,
      score: index < SECTIONS ? score : score / 2,
      terms: terms
    });
  });
  return group;
}

/* Material sends a query on every key press; wait for a pause and drop queries a newer one replaced,
   so typing a word fetches the index shards and fragments of that word, not of each of its prefixes. */
async function search(query, id) {
  var words = query.trim();
  if (!words) return [];
  await new Promise(function (resolve) { setTimeout(resolve, PAUSE_MS); });
  if (id !== latest) return null;
  var terms = {};
  words.toLowerCase().split(/\s+/).forEach(function (word) { terms[word] = true; });
  var found = await pagefind.search(words);
  if (id !== latest) return null;
  var top = found.results.slice(0, RESULTS);
  var pages = await Promise.all(top.map(function (result) { return result.data(); }));
  return pages.map(function (page, index) { return toGroup(page, top[index].score, terms); });
}

addEventListener("message", async function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    await setup();
    postMessage({type: READY});
  } else if (message.type === QUERY) {
    var id = ++latest;
    var items = [];
    try {
      items = await search(message.data, id);
    } catch (error) {
      console.warn("incidentbook search: " + error);
    }
    if (items !== null && id === latest) postMessage({type: RESULT, data: {items: items}});
  }
});
