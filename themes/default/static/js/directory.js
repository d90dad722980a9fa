// The network directory's page scripts. Every list works without them; with them:
// - the home page filters its list of centers by service and by language, in place;
// - the find page lists the centers nearest a ZIP code, from zip/<first 3 digits>.json on this
//   same site (made at build time; no request to another company, the ZIP never leaves the page);
// - the states page shows one state when the address says ?state=XX (the find page's form).
const $ = (sel, root = document) => root.querySelector(sel);

const filter = $("[data-filter]");
if (filter) {
  const service = $("[data-filter-service]", filter);
  const language = $("[data-filter-language]", filter);
  const status = $("[data-filter-status]", filter);
  const cards = [...document.querySelectorAll("[data-cards] > li")];
  filter.hidden = false;
  const apply = () => {
    let shown = 0;
    for (const card of cards) {
      const ok = (!service.value || card.dataset.services.includes(` ${service.value} `)) &&
        (!language.value || card.dataset.languages.includes(` ${language.value} `));
      card.hidden = !ok;
      shown += ok ? 1 : 0;
    }
    const words = shown === 1 ? status.dataset.countOne : status.dataset.count;
    status.textContent = service.value || language.value ? words.replace("{count}", shown) : "";
  };
  service.addEventListener("change", apply);
  language.addEventListener("change", apply);
}

const nearest = $("[data-nearest]");
if (nearest) {
  const input = $("input", nearest);
  const status = $("[data-nearest-status]", nearest);
  const results = $("[data-nearest-results]", nearest);
  const places = JSON.parse($("[data-places]", nearest).textContent);
  const template = $("template[data-cards]");
  const cards = new Map(
    [...template.content.querySelectorAll("li")].map((li) => [li.dataset.center, li]),
  );
  nearest.hidden = false;
  const miles = (a, b) => {
    const rad = Math.PI / 180;
    const dLat = (b[0] - a[0]) * rad;
    const dLon = (b[1] - a[1]) * rad;
    const h = Math.sin(dLat / 2) ** 2 +
      Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
    return 3958.8 * 2 * Math.asin(Math.sqrt(h));
  };
  const find = async () => {
    const zip = input.value.trim();
    results.replaceChildren();
    if (!/^[0-9]{5}$/.test(zip)) {
      status.textContent = status.dataset.invalid;
      return;
    }
    let table = {};
    try {
      const reply = await fetch(`${nearest.dataset.zipBase}${zip.slice(0, 3)}.json`);
      if (reply.ok) table = await reply.json();
    } catch (error) {
      table = {};
    }
    const here = table[zip];
    if (!here) {
      status.textContent = status.dataset.unknown;
      return;
    }
    const ranked = places
      .map((p) => {
        const best = p.points.map((pt) => [miles(here, pt), pt[2]]).sort((x, y) => x[0] - y[0])[0];
        return { slug: p.slug, distance: best[0], place: best[1] };
      })
      .sort((x, y) => x.distance - y.distance || x.slug.localeCompare(y.slug))
      .slice(0, 10);
    for (const r of ranked) {
      const card = cards.get(r.slug).cloneNode(true);
      const note = document.createElement("p");
      note.className = "directory-distance";
      note.textContent = status.dataset.miles
        .replace("{miles}", r.distance < 10 ? r.distance.toFixed(1) : Math.round(r.distance))
        .replace("{place}", r.place);
      card.querySelector("h3").after(note);
      results.append(card);
    }
    status.textContent = status.dataset.found.replace("{count}", ranked.length).replace("{zip}", zip);
  };
  $("[data-nearest-go]", nearest).addEventListener("click", find);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") find();
  });
}

const wanted = new URLSearchParams(window.location.search).get("state");
const sections = document.querySelectorAll("[data-state]");
if (wanted && [...sections].some((s) => s.dataset.state === wanted)) {
  for (const section of sections) section.hidden = section.dataset.state !== wanted;
  document.getElementById(`state-${wanted.toLowerCase()}`).scrollIntoView();
}
