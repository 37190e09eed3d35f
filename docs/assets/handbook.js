/* 跨部門協作手冊: copy and download actions for agendas and retrospectives. No dependencies. */
(function () {
  "use strict";

  // Copy text, with a fallback for pages served over plain HTTP.
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }
  window.handbookCopy = copy;  // the tools copy their text the same way

  // A download's name: its parts (the project, what it is), each made safe for a file system, then the day
  // (today, local) and the suffix: 續保週末-合作總結-2026-12-06.md.
  function fileName(parts, suffix, day) {
    var safe = parts.map(function (part) {
      return String(part || "").replace(/[\\/:*?"<>|\s]+/g, "-").replace(/^-+|-+$/g, "");
    }).filter(Boolean);
    return safe.concat([day || new Date().toLocaleDateString("sv")]).join("-") + suffix;
  }
  window.handbookFileName = fileName;  // the checklists, the tools and the project views name their files alike

  // The site's base URL, from the theme's own configuration: only a <script type="application/json"> may carry
  // it (an element an editor gave id="__config" is never read), and only a base on this site counts.
  function siteBase() {
    var fallback = new URL("/", location.href).href;
    var config = document.querySelector('script#__config[type="application/json"]');
    try {
      var base = new URL(JSON.parse(config.textContent).base + "/", location.href);
      return base.origin === location.origin ? base.href : fallback;
    } catch (error) { return fallback; }
  }
  window.handbookSiteBase = siteBase;  // search.js and projects.js load from here

  // Say what happened next to the buttons.
  function announce(actions, message) {
    var status = actions.querySelector(".hb-status");
    if (status) status.textContent = message;
  }

  // Wire one block of actions once: downloads are plain links; copying fetches the text file.
  function setUp(actions) {
    if (actions.dataset.ready) return;
    actions.dataset.ready = "1";
    var button = actions.querySelector(".hb-copy");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      fetch(button.dataset.src)
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(copy)
        .then(
          function () { announce(actions, "已複製到剪貼簿"); },
          function () { announce(actions, "無法複製，請改用下載"); });
    });
  }

  /** Mark each wide-table box that holds more than it shows, so the page can say so (a cue to scroll sideways). */
  function markScrollers() {
    document.querySelectorAll(".hb-scroll").forEach(function (box) {
      var more = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("hb-scroll--more", more);
      box.classList.toggle("hb-scroll--end", more && box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    });
  }

  function init() {
    document.querySelectorAll("[data-hb-export]").forEach(setUp);
    markScrollers();
  }

  window.addEventListener("resize", markScrollers);
  document.addEventListener("scroll", function (event) {
    if (event.target.classList && event.target.classList.contains("hb-scroll")) markScrollers();
  }, true);
  var marking = false; // one look per frame, however many nodes the page's scripts changed in it
  new MutationObserver(function () {
    if (marking) return;
    marking = true;
    window.requestAnimationFrame(function () { marking = false; markScrollers(); });
  }).observe(document.documentElement, { childList: true, subtree: true });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
