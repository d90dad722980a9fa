// site-builder's part of the editor at /admin/ (loaded before Decap's bundle).
//
// In `site-builder serve` (data-mode="serve"):
//  - every save and delete names the version of the file the editor loaded (the content hash the
//    local back end gave with it), so a save over someone else's change is refused, not written;
//  - after each save, the problems the preview found in that file are shown beside the form;
//  - the preview pane shows the entry as a chosen center's site renders it.
// Published (data-mode="publish"), it does nothing: Decap's GitHub back end and its own preview.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || script.getAttribute("data-mode") !== "serve") return;
  var API = "/admin/api/v1";
  var versions = {}; // path -> content hash the editor loaded
  var realFetch = window.fetch.bind(window);

  function remember(entries) {
    (entries || []).forEach(function (e) {
      if (e && e.file && e.file.path) versions[e.file.path] = e.file.id;
    });
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    if (url.indexOf(API) === -1 || !init || typeof init.body !== "string") {
      return realFetch(input, init);
    }
    var body;
    try {
      body = JSON.parse(init.body);
    } catch (e) {
      return realFetch(input, init);
    }
    var params = body.params || {};
    var paths = [];
    if (body.action === "persistEntry") {
      paths = (params.dataFiles || []).map(function (f) { return f.path; });
    } else if (body.action === "deleteFile") {
      paths = [params.path];
    } else if (body.action === "deleteFiles") {
      paths = params.paths || [];
    }
    if (paths.length) {
      params.versions = {};
      paths.forEach(function (p) {
        if (p in versions) params.versions[p] = versions[p];
      });
      body.params = params;
      init = Object.assign({}, init, { body: JSON.stringify(body) });
    }
    return realFetch(input, init).then(function (response) {
      return response.clone().json().then(function (json) {
        if (!response.ok) {
          if (paths.length) show(paths, null, json && json.error);
          return response;
        }
        if (body.action === "entriesByFolder" || body.action === "entriesByFiles") remember(json);
        if (body.action === "getEntry") remember([json]);
        if (json && json.versions) {
          Object.keys(json.versions).forEach(function (p) { versions[p] = json.versions[p]; });
        }
        if (body.action.indexOf("delete") === 0) paths.forEach(function (p) { delete versions[p]; });
        if (paths.length) show(paths, json.problems || [], null);
        return response;
      }, function () { return response; });
    });
  };

  // --- the problems found after a save, beside the form --------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function show(paths, problems, refused) {
    var old = document.getElementById("sb-problems");
    if (old) old.remove();
    var where = paths.join(", ");
    var items = (problems || []).map(function (p) {
      return el("li", { "class": "sb-" + p.severity }, [
        el("strong", {}, [p.severity]), " ",
        el("code", {}, [p.where]), ": " + p.message,
        p.source ? el("pre", {}, [p.line + " | " + p.source]) : "",
        p.fix ? el("p", {}, ["Fix: " + p.fix]) : "",
      ]);
    });
    var errors = (problems || []).filter(function (p) { return p.severity === "error"; }).length;
    var title = refused
      ? "Not saved: " + refused
      : problems.length
        ? "Saved. The preview found " + problems.length + " problem(s) in " + where +
          (errors ? " — the preview keeps the last good version until they are fixed:" : ":")
        : "Saved. The preview found no problems in " + where + ".";
    var close = el("button", { type: "button" }, ["Close"]);
    var box = el("aside", {
      id: "sb-problems",
      role: problems && problems.length ? "alert" : "status",
      "aria-label": "Problems found by site-builder",
      style: "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:40vh;overflow:auto;" +
        "z-index:2147483647;background:#fff8e6;color:#1d2a33;border:2px solid " +
        (errors || refused ? "#a3150b" : "#0b5f66") + ";border-radius:6px;padding:.75rem 1rem;" +
        "font:15px/1.45 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.25)",
    }, [
      el("p", { style: "margin:0 0 .4rem;font-weight:600" }, [title]),
      items.length ? el("ul", { style: "margin:0;padding-left:1.2rem" }, items) : "",
      el("p", { style: "margin:.4rem 0 0" }, [
        el("a", { href: "/", target: "_blank", rel: "noopener" }, ["Every center's preview"]), " ",
        close,
      ]),
    ]);
    close.addEventListener("click", function () { box.remove(); });
    document.body.appendChild(box);
  }

  // --- preview as a center -------------------------------------------------------------------

  var chosen = (window.localStorage && localStorage.getItem("sb-preview-center")) || "";

  function register() {
    var CMS = window.CMS, h = window.h, createClass = window.createClass;
    if (!CMS || !h || !createClass) return;
    var Preview = createClass({
      getInitialState: function () {
        return { url: "", centers: [], center: chosen, problems: [] };
      },
      componentDidMount: function () { this.refresh(); },
      componentDidUpdate: function (prev) {
        if (prev.entry !== this.props.entry) this.schedule();
      },
      componentWillUnmount: function () { clearTimeout(this.timer); },
      schedule: function () {
        clearTimeout(this.timer);
        this.timer = setTimeout(this.refresh, 400);
      },
      refresh: function () {
        var self = this, entry = this.props.entry, collection = this.props.collection;
        var body = {
          collection: collection.get("name"),
          folder: collection.get("folder"),
          path: entry.get("path") || "",
          data: entry.get("data") ? entry.get("data").toJS() : {},
          center: this.state.center,
        };
        realFetch("/admin/preview", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(body),
        }).then(function (r) { return r.json(); }).then(function (j) {
          self.setState({ url: j.url, centers: j.centers || [], center: j.center || "", problems: j.problems || [] });
        });
      },
      choose: function (e) {
        chosen = e.target.value;
        if (window.localStorage) localStorage.setItem("sb-preview-center", chosen);
        this.setState({ center: chosen }, this.refresh);
      },
      render: function () {
        var options = this.state.centers.map(function (c) {
          return h("option", { key: c[0], value: c[0] }, c[1]);
        });
        return h("div", { style: { fontFamily: "system-ui, sans-serif" } },
          h("label", { style: { display: "block", margin: "0 0 .5rem" } },
            "Preview as ",
            h("select", { value: this.state.center, onChange: this.choose, "aria-label": "Center" }, options)),
          this.state.url
            ? h("iframe", {
              src: window.location.origin + this.state.url,
              title: "This page as the chosen center's site shows it",
              style: { width: "100%", height: "85vh", border: "1px solid #c9d6d3" },
            })
            : h("p", {}, "Making the preview…"));
      },
    });
    realFetch("/admin/site.json").then(function (r) { return r.json(); }).then(function (site) {
      site.collections.forEach(function (name) { CMS.registerPreviewTemplate(name, Preview); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", register);
  } else {
    register();
  }
})();
