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

  // The site's base URL, from Material's page config.
  function baseUrl() {
    var config = document.getElementById("__config");
    try { return new URL(JSON.parse(config.textContent).base + "/", location.href).href; }
    catch (error) { return "/"; }
  }

  // When a search finds nothing, point to the glossary.
  function watchEmptySearch() {
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    var input = document.querySelector(".md-search__input");
    if (!meta || !list || !input || meta.dataset.hbWatched) return;
    meta.dataset.hbWatched = "1";
    var hint = document.createElement("p");
    hint.className = "hb-no-results";
    hint.hidden = true;
    hint.append("找不到？先到 ");
    var link = document.createElement("a");
    link.href = baseUrl() + "glossary/";
    link.textContent = "術語表";
    hint.append(link, " 查正確的用詞，或換一個較短的詞再試。");
    meta.after(hint);
    new MutationObserver(function () {
      hint.hidden = !(input.value.trim() && list.children.length === 0);
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  function init() {
    watchEmptySearch();
    document.querySelectorAll("[data-hb-export]").forEach(setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
