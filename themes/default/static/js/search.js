// The search page: reads this site's own Pagefind index (pagefind/ in the site's folder) and
// lists matching pages. Nothing is loaded from another origin and the query is never sent
// anywhere: Pagefind searches in the browser. Without this script the page lists every page.
const box = document.querySelector("[data-search]");
if (box) {
  const input = box.querySelector("input");
  const status = box.querySelector("[data-search-status]");
  const list = box.querySelector("[data-search-results]");
  let pagefind = null;
  let latest = 0;
  box.hidden = false;

  const load = async () => {
    if (!pagefind) {
      pagefind = await import(box.dataset.bundle);
      await pagefind.options({ baseUrl: box.dataset.base, excerptLength: 24 });
    }
    return pagefind;
  };

  const say = (count) => {
    if (count === 0) return status.dataset.none;
    const words = count === 1 ? status.dataset.countOne : status.dataset.count;
    return words.replace("{count}", String(count));
  };

  const item = (data) => {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    const excerpt = document.createElement("p");
    excerpt.className = "search-excerpt";
    // Pagefind's excerpt marks the matches with <mark>: keep those, as text, and nothing else.
    for (const [i, part] of (data.excerpt || "").split(/<\/?mark>/).entries()) {
      const text = part.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      if (i % 2) {
        const mark = document.createElement("mark");
        mark.textContent = text;
        excerpt.append(mark);
      } else {
        excerpt.append(text);
      }
    }
    li.append(link, excerpt);
    return li;
  };

  const run = async () => {
    const query = input.value.trim();
    const mine = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    const api = await load();
    const found = await api.debouncedSearch(query, {}, 200);
    if (found === null || mine !== latest) return; // a newer query is on its way
    const results = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
    if (mine !== latest) return;
    list.replaceChildren(...results.map(item));
    status.textContent = say(found.results.length);
  };

  input.addEventListener("input", run);
  box.addEventListener("submit", (event) => event.preventDefault());
}
