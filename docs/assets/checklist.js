/*
 * Fill-in checklists: answers kept in this browser's localStorage, progress,
 * Markdown/JSON export, JSON import, print, and progress on 我的進度 and badges.
 *
 * Storage: key "handbook:checklist:<id>" holds
 *   {"version":1,"checklist":"<id>","updated":"<ISO>","items":{"<item-id>":true},"fields":{"<field-id>":"…"}}
 * Answers are keyed by id, so rewording or reordering items keeps them. Ids that are no
 * longer on the page are not shown or exported, and are dropped from storage at the next save
 * (until then 我的進度 caps the count at the current total). A value that cannot be read is
 * moved to "handbook:checklist:<id>:corrupt:<ISO time>" and the user is told.
 * Without JavaScript the page is a blank printable form; this script only enhances it.
 */
(function () {
  "use strict";

  var VERSION = 1;
  var PREFIX = "handbook:checklist:";
  var BLANK = "＿＿＿＿";

  /* ---------- storage ---------- */

  // The localStorage key of a checklist's answers.
  function storageKey(id) {
    return PREFIX + id;
  }

  // localStorage, or null when the browser refuses it (privacy mode, policy).
  function store() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  // True for a plain {…} object (not null, not an array).
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // A fresh, empty record for checklist id.
  function emptyRecord(id) {
    return { version: VERSION, checklist: id, updated: null, items: {}, fields: {} };
  }

  // The record in data if it is a valid one for checklist id, else null.
  function validRecord(data, id) {
    if (!isObject(data) || data.version !== VERSION || data.checklist !== id) return null;
    if (!isObject(data.items) || !isObject(data.fields)) return null;
    var record = emptyRecord(id);
    record.updated = typeof data.updated === "string" ? data.updated : null;
    Object.keys(data.items).forEach(function (key) {
      if (data.items[key] === true) record.items[key] = true;
    });
    Object.keys(data.fields).forEach(function (key) {
      if (typeof data.fields[key] === "string") record.fields[key] = data.fields[key];
    });
    return record;
  }

  // Parse JSON text, returning undefined instead of throwing.
  function parseJSON(text) {
    try {
      return JSON.parse(text);
    } catch (error) {
      return undefined;
    }
  }

  // Read checklist id without side effects: {record} | {corrupt: true} | {record: null} when none.
  function peekRecord(storage, id) {
    var raw = storage ? storage.getItem(storageKey(id)) : null;
    if (raw === null) return { record: null };
    var record = validRecord(parseJSON(raw), id);
    return record ? { record: record } : { corrupt: true };
  }

  // Move an unreadable stored value aside so it is not lost; returns the new key.
  function setAside(storage, id) {
    var key = storageKey(id) + ":corrupt:" + new Date().toISOString();
    try {
      storage.setItem(key, storage.getItem(storageKey(id)));
    } catch (error) {
      key = null; // storage full: the value is dropped rather than blocking the page
    }
    storage.removeItem(storageKey(id));
    return key;
  }

  // Load checklist id for editing: {record, asideKey} where asideKey is set when a bad value was moved.
  function loadRecord(storage, id) {
    var found = peekRecord(storage, id);
    if (found.corrupt) return { record: emptyRecord(id), asideKey: setAside(storage, id), corrupt: true };
    return { record: found.record || emptyRecord(id) };
  }

  // Write record; false when the browser refused.
  function saveRecord(storage, record) {
    if (!storage) return false;
    try {
      storage.setItem(storageKey(record.checklist), JSON.stringify(record));
      return true;
    } catch (error) {
      return false;
    }
  }

  /* ---------- small DOM helpers ---------- */

  // All elements under root matching selector, as an array.
  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  // Bind once: true the first time for element and name, false afterwards.
  function claim(element, name) {
    var flag = "hb" + name + "Bound";
    if (element.dataset[flag]) return false;
    element.dataset[flag] = "1";
    return true;
  }

  // A local calendar date YYYY-MM-DD from an ISO time, or "" when unreadable.
  function localDate(iso) {
    var date = new Date(iso);
    if (!iso || isNaN(date.getTime())) return "";
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  // Number of ticked items in record.
  function countDone(record) {
    return Object.keys(record.items).length;
  }

  /* ---------- one checklist page ---------- */

  // The checklist form on this page: toolbar, schema, sections and their inputs.
  function findForm(toolbar) {
    var schema = parseJSON(toolbar.getAttribute("data-schema") || "");
    var id = toolbar.getAttribute("data-checklist-toolbar");
    if (!isObject(schema) || !Array.isArray(schema.sections) || schema.id !== id) return null;
    var sections = all(document, "fieldset.hb-section").filter(function (section) {
      return section.getAttribute("data-checklist-id") === id;
    });
    return { id: id, schema: schema, toolbar: toolbar, sections: sections, storage: store(), record: emptyRecord(id) };
  }

  // Checkboxes of the form (or of one section).
  function boxes(root) {
    return all(root, "input[type=checkbox][data-item-id]");
  }

  // Text, date, number and person fields of the form (or of one section).
  function inputs(root) {
    return all(root, "[data-field-id]");
  }

  // Every checkbox or field of the form.
  function controls(form, pick) {
    return form.sections.reduce(function (list, section) { return list.concat(pick(section)); }, []);
  }

  // Show a message under the toolbar; kind is "error" or "info".
  function say(form, text, kind) {
    var message = form.toolbar.querySelector(".hb-message");
    if (!message) return;
    message.textContent = text;
    message.className = "hb-message hb-message--" + (kind || "info");
    message.hidden = !text;
  }

  // Put record's answers into the page.
  function fill(form) {
    controls(form, boxes).forEach(function (box) {
      box.checked = form.record.items[box.getAttribute("data-item-id")] === true;
    });
    controls(form, inputs).forEach(function (field) {
      var value = form.record.fields[field.getAttribute("data-field-id")];
      field.value = typeof value === "string" ? value : ""; // the browser blanks e.g. a non-date in a date input
      mirror(field);
    });
    showProgress(form);
  }

  // Read the page's answers into a record (ids not on the page are dropped here).
  function collect(form) {
    var record = emptyRecord(form.id);
    record.updated = new Date().toISOString();
    controls(form, boxes).forEach(function (box) {
      if (box.checked) record.items[box.getAttribute("data-item-id")] = true;
    });
    controls(form, inputs).forEach(function (field) {
      if (field.value !== "") record.fields[field.getAttribute("data-field-id")] = field.value;
    });
    return record;
  }

  // Keep a print-only copy of a field's answer next to it (blank line when empty).
  function mirror(field) {
    var copy = field.nextElementSibling;
    if (!copy || !copy.classList.contains("hb-print-value")) {
      copy = document.createElement("span");
      copy.className = "hb-print-value";
      copy.setAttribute("aria-hidden", "true");
      field.insertAdjacentElement("afterend", copy);
    }
    copy.textContent = field.value;
    copy.classList.toggle("hb-print-value--blank", field.value.trim() === "");
  }

  // Update "完成 n / m" for the checklist and each section.
  function showProgress(form) {
    var all_ = controls(form, boxes);
    var done = all_.filter(function (box) { return box.checked; }).length;
    var text = form.toolbar.querySelector(".hb-progress__text");
    var bar = form.toolbar.querySelector(".hb-progress__bar");
    if (text) text.textContent = "完成 " + done + " / " + all_.length;
    // Answered fields count too: ticks alone must not read as a finished checklist.
    var fields = controls(form, inputs);
    var answered = fields.filter(function (field) { return field.value.trim() !== ""; }).length;
    var fieldText = form.toolbar.querySelector(".hb-progress__fields");
    if (fieldText) fieldText.textContent = fields.length ? "・已填 " + answered + " / " + fields.length + " 欄" : "";
    if (bar) {
      bar.max = Math.max(all_.length, 1);
      bar.value = done;
    }
    form.sections.forEach(showSectionProgress);
  }

  // Update one section's "完成 n / m" in its legend.
  function showSectionProgress(section) {
    var list = boxes(section);
    var done = list.filter(function (box) { return box.checked; }).length;
    var label = section.querySelector(".hb-section__progress");
    if (label) label.textContent = list.length ? "完成 " + done + " / " + list.length : "";
    section.classList.toggle("hb-section--done", list.length > 0 && done === list.length);
  }

  // Save after the user ticked or typed.
  function onEdit(form, event) {
    var target = event.target;
    if (!target.matches("[data-item-id], [data-field-id]")) return;
    if (target.matches("[data-field-id]")) mirror(target);
    form.record = collect(form);
    showProgress(form);
    if (!saveRecord(form.storage, form.record)) say(form, "瀏覽器不允許儲存，這次填的答案不會保留；請先匯出。", "error");
  }

  /* ---------- export ---------- */

  // The filled checklist as Markdown.
  function toMarkdown(form) {
    var lines = ["# " + form.schema.title, ""];
    if (form.record.updated) lines.push("最後更新：" + localDate(form.record.updated), "");
    form.schema.sections.forEach(function (section) {
      lines.push("## " + section.title, "");
      (section.items || []).forEach(function (item) {
        lines.push("- [" + (form.record.items[item.id] ? "x" : " ") + "] " + item.text);
      });
      if ((section.items || []).length) lines.push("");
      (section.fields || []).forEach(function (field) {
        lines.push(fieldLine(field.label, form.record.fields[field.id]), "");
      });
    });
    return lines.join("\n").replace(/\n+$/, "\n");
  }

  // One field as "label: value"; a blank answer as a line to write on; extra lines as hard breaks.
  function fieldLine(label, value) {
    var text = typeof value === "string" ? value.trim() : "";
    return label + ": " + (text ? text.split(/\r?\n/).join("  \n") : BLANK);
  }

  // The stored record plus the checklist title, as a JSON file body.
  function toJSON(form) {
    var record = form.record;
    var data = { version: VERSION, checklist: form.id, title: form.schema.title, updated: record.updated,
                 items: record.items, fields: record.fields };
    return JSON.stringify(data, null, 2) + "\n";
  }

  // Offer text as a file download.
  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* ---------- import and reset ---------- */

  // Why data cannot be imported into this checklist, or "" when it can.
  function importProblem(form, data) {
    if (!isObject(data)) return "這個檔案不是檢核表的 JSON 匯出檔。";
    if (data.checklist !== form.id) return "這個檔案屬於另一份檢核表（" + String(data.checklist || "不明") + "），不是「" + form.schema.title + "」。";
    if (data.version !== VERSION) return "這個檔案的格式版本（" + String(data.version) + "）無法讀取；請用同一版手冊重新匯出。";
    if (!validRecord(data, form.id)) return "這個檔案的內容不完整，無法匯入。";
    return "";
  }

  // Import a JSON file chosen in the file input; nothing changes unless it is valid.
  function importFile(form, input) {
    var file = input.files && input.files[0];
    if (!file) return;
    file.text().then(function (text) {
      var data = parseJSON(text);
      var problem = importProblem(form, data);
      input.value = "";
      if (problem) return say(form, "匯入失敗：" + problem + "答案沒有改變。", "error");
      if (hasAnswers(form.record) && !window.confirm("匯入會取代這份檢核表目前的答案，確定嗎？")) return;
      applyImport(form, validRecord(data, form.id));
    });
  }

  // Replace the answers with an imported record and save it.
  function applyImport(form, record) {
    form.record = record;
    fill(form);
    form.record = collect(form);
    saveRecord(form.storage, form.record);
    say(form, "已匯入答案（完成 " + countDone(form.record) + " 項）。", "info");
  }

  // True when record holds any tick or answer.
  function hasAnswers(record) {
    return Object.keys(record.items).length > 0 || Object.keys(record.fields).length > 0;
  }

  // Clear every answer after the user confirms.
  function reset(form) {
    if (!window.confirm("清除「" + form.schema.title + "」的所有答案？建議先匯出備份。")) return;
    if (form.storage) form.storage.removeItem(storageKey(form.id));
    form.record = emptyRecord(form.id);
    fill(form);
    say(form, "已清除所有答案。", "info");
  }

  // Run a toolbar button's action.
  function onAction(form, action) {
    if (action === "export-md") download(form.id + ".md", toMarkdown(form), "text/markdown");
    if (action === "export-json") download(form.id + ".json", toJSON(form), "application/json");
    if (action === "print") window.print();
    if (action === "reset") reset(form);
  }

  // Tell the user about a problem found while loading.
  function reportLoad(form, loaded) {
    if (!form.storage) return say(form, "這個瀏覽器不允許儲存資料：可以填寫和匯出，但關閉頁面後答案不會保留。", "error");
    if (!loaded.corrupt) return;
    var where = loaded.asideKey ? "原本的資料已另存為「" + loaded.asideKey + "」。" : "";
    say(form, "之前存的答案無法讀取，這份檢核表從空白開始。" + where, "error");
  }

  // Wire up one checklist: fill it from storage, then listen for edits and toolbar actions.
  function setupChecklist(toolbar) {
    if (!claim(toolbar, "Checklist")) return;
    var form = findForm(toolbar);
    if (!form) return;
    var loaded = form.storage ? loadRecord(form.storage, form.id) : { record: emptyRecord(form.id) };
    form.record = loaded.record;
    fill(form);
    form.record = Object.assign(collect(form), { updated: loaded.record.updated }); // only ids on the page
    form.sections.forEach(function (section) {
      section.addEventListener("change", function (event) { onEdit(form, event); });
      section.addEventListener("input", function (event) { onEdit(form, event); });
    });
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button) onAction(form, button.getAttribute("data-action"));
    });
    toolbar.addEventListener("change", function (event) {
      if (event.target.matches("[data-action=import-json]")) importFile(form, event.target);
    });
    toolbar.hidden = false;
    reportLoad(form, loaded);
  }

  /* ---------- 我的進度 and badges ---------- */

  // Total items of a [data-progress-for] element, or null when unknown.
  function totalOf(element) {
    var total = parseInt(element.getAttribute("data-total"), 10);
    return isNaN(total) ? null : total;
  }

  // "n / m" progress wording for a stored record.
  function progressText(record, total) {
    var done = countDone(record);
    if (total === null) return "已勾選 " + done + " 項";
    return "完成 " + Math.min(done, total) + " / " + total;
  }

  // Fill one row of the 我的進度 table.
  function fillRow(row, found) {
    var cell = row.querySelector(".hb-progress-cell");
    var updated = row.querySelector(".hb-updated-cell");
    if (found.corrupt) {
      if (cell) cell.textContent = "無法讀取（打開檢核表處理）";
      return;
    }
    if (!found.record) return;
    if (cell) cell.textContent = progressText(found.record, totalOf(row));
    if (updated && found.record.updated) setTime(updated, found.record.updated);
  }

  // Show an ISO time as a <time> with its local date.
  function setTime(cell, iso) {
    var time = document.createElement("time");
    time.dateTime = iso;
    time.textContent = localDate(iso);
    cell.replaceChildren(time);
  }

  // Add or update a small progress badge on a card or path step.
  function fillBadge(element, found) {
    var badge = element.querySelector(":scope > .hb-badge");
    if (!found.record && !found.corrupt) {
      if (badge) badge.remove();
      return;
    }
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "hb-badge";
      var link = element.querySelector("a");
      if (link) link.insertAdjacentElement("afterend", badge); else element.appendChild(badge);
    }
    badge.textContent = found.corrupt ? "資料無法讀取" : progressText(found.record, totalOf(element));
    badge.classList.toggle("hb-badge--done", !!found.record && totalOf(element) !== null &&
      totalOf(element) > 0 && countDone(found.record) >= totalOf(element));
  }

  // Fill in every [data-progress-for] on the page from storage.
  function showStoredProgress(root) {
    var storage = store();
    all(root, "[data-progress-for]").forEach(function (element) {
      var found = peekRecord(storage, element.getAttribute("data-progress-for"));
      if (element.matches("tr")) fillRow(element, found); else fillBadge(element, found);
    });
    all(root, "[data-progress-table]").forEach(function (table) {
      var note = table.previousElementSibling;
      if (note && note.classList.contains("hb-noscript-note")) note.hidden = true;
    });
  }

  /* ---------- start ---------- */

  // Set up everything on the current page (safe to call again after instant navigation).
  function setup() {
    document.documentElement.classList.add("hb-js");
    all(document, "[data-checklist-toolbar]").forEach(setupChecklist);
    showStoredProgress(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup); // Material: fires on load and after each instant page change
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
