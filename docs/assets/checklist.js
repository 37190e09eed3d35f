/*
 * Fill-in checklists: answers kept in this browser for the current project (HandbookStore, store.js),
 * progress, Markdown/JSON export, JSON import, print, and progress on 我的進度 and badges.
 *
 * Answers live under the store key "checklist:<id>" as
 *   {"items":{"<item-id>":{"label":"…"}},"fields":{"<field-id>":{"value":"…","label":"…"}},"done":n,"filled":n}
 * done and filled count the ticked items and the answered fields that were on the page at the last save.
 * Progress counts both: a checklist is complete when every item is ticked and every field answered.
 * Answers are keyed by id, so rewording or reordering items keeps them; the label saved with each answer is
 * what the 「這些題目已經改版」 box shows when an id leaves the page. Such answers are kept, shown and
 * exported, never dropped silently. An id listed under an item's previous_ids (the page's schema.renamed)
 * has its answers moved to that item on the next visit. A value that cannot be read is set aside under
 * "<its key>:corrupt:<ISO time>" and the user is told. Another tab's save, or a project switch, refills the page.
 * Without JavaScript the page is a blank printable form; this script only enhances it.
 */
(function () {
  "use strict";

  var VERSION = 2; // the storage schema's version (store.js); exports carry it too
  var BLANK = "＿＿＿＿";
  var IMPORT_LIMIT = 1024 * 1024; // bytes: an answers file is a few kilobytes
  var Store = window.HandbookStore;

  /* ---------- records: {checklist, updated, items: {id: {label}}, fields: {id: {value, label}}} ---------- */

  // The store key of a checklist's answers in the current project.
  function storeKey(id) {
    return "checklist:" + id;
  }

  // True for a plain {…} object (not null, not an array).
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // A fresh, empty record for checklist id.
  function emptyRecord(id) {
    return { checklist: id, updated: null, items: {}, fields: {} };
  }

  // A label as stored: text, or null when unknown (answers saved before labels were kept).
  function labelOf(answer) {
    return isObject(answer) && typeof answer.label === "string" ? answer.label : null;
  }

  // The answers of a stored value or an exported file (version 1: items id → true, fields id → text;
  // version 2: items id → {label}, fields id → {value, label}); null when the shape is wrong.
  function answersFrom(items, fields, version) {
    if (!isObject(items) || !isObject(fields)) return null;
    var record = { items: {}, fields: {} };
    Object.keys(items).forEach(function (id) {
      if (version === 1 ? items[id] === true : isObject(items[id])) record.items[id] = { label: labelOf(items[id]) };
    });
    Object.keys(fields).forEach(function (id) {
      var value = version === 1 ? fields[id] : isObject(fields[id]) && fields[id].value;
      if (typeof value === "string") record.fields[id] = { value: value, label: labelOf(fields[id]) };
    });
    return record;
  }

  // The record of a stored entry, or null when it cannot be read.
  function fromEntry(found, id) {
    var value = found.value;
    var answers = isObject(value) ? answersFrom(value.items, value.fields, VERSION) : null;
    var count = function (name) { return isObject(value) && typeof value[name] === "number" ? value[name] : null; };
    return answers && Object.assign(emptyRecord(id), answers,
                                    { updated: found.updated, done: count("done"), filled: count("filled") });
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
  function peekRecord(id) {
    var found = Store.entry(storeKey(id));
    if (found === null) return { record: null };
    var record = found.corrupt ? null : fromEntry(found, id);
    return record ? { record: record } : { corrupt: true };
  }

  // Load checklist id for editing: {record, asideKey} where asideKey is set when a bad value was moved.
  function loadRecord(id) {
    var found = peekRecord(id);
    if (found.corrupt) return { record: emptyRecord(id), asideKey: Store.setAside(storeKey(id)), corrupt: true };
    return { record: found.record || emptyRecord(id) };
  }

  // Write record into the current project with its counts of ticked items and answered fields on the page (for
  // 我的進度, which does not know which ids are current); false when it was not saved (the store told the user why).
  function saveRecord(record, count) {
    return Store.save(storeKey(record.checklist),
                      { items: record.items, fields: record.fields, done: count.ticked, filled: count.filled });
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

  // True when a field's answer holds more than blanks.
  function isFilled(value) {
    return typeof value === "string" && value.trim() !== "";
  }

  // Answers in record, ticks and filled fields: as counted on the page at the last save, else every saved one.
  function countDone(record) {
    var ticks = typeof record.done === "number" ? record.done : Object.keys(record.items).length;
    var filled = typeof record.filled === "number" ? record.filled : Object.keys(record.fields).filter(function (id) {
      return isFilled(record.fields[id].value);
    }).length;
    return ticks + filled;
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
    return { id: id, schema: schema, toolbar: toolbar, sections: sections, record: emptyRecord(id),
             renamed: isObject(schema.renamed) ? schema.renamed : {}, retired: { items: {}, fields: {} } };
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

  // The ids on the page: {items: {id: label}, fields: {id: label}}.
  function pageIds(form) {
    var ids = { items: {}, fields: {} };
    form.schema.sections.forEach(function (section) {
      (section.items || []).forEach(function (item) { ids.items[item.id] = item.text; });
      (section.fields || []).forEach(function (field) { ids.fields[field.id] = field.label; });
    });
    return ids;
  }

  // Move answers saved under an old id to the item or field that declares it in previous_ids; true if any moved.
  function applyRenames(form, record) {
    var ids = pageIds(form);
    var moved = false;
    Object.keys(form.renamed).forEach(function (old) {
      var now = form.renamed[old];
      ["items", "fields"].forEach(function (group) {
        if (!(old in record[group]) || !(now in ids[group]) || (now in record[group])) return;
        record[group][now] = record[group][old];
        delete record[group][old];
        moved = true;
      });
    });
    return moved;
  }

  // The answers in record whose ids are no longer on the page (kept, shown and exported, never dropped).
  function retiredOf(form, record) {
    var ids = pageIds(form);
    var retired = { items: {}, fields: {} };
    ["items", "fields"].forEach(function (group) {
      Object.keys(record[group]).forEach(function (id) {
        if (!(id in ids[group])) retired[group][id] = record[group][id];
      });
    });
    return retired;
  }

  // True when a {items, fields} pair holds anything.
  function hasAnswers(record) {
    return Object.keys(record.items).length > 0 || Object.keys(record.fields).length > 0;
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
      box.checked = isObject(form.record.items[box.getAttribute("data-item-id")]);
    });
    var project = Store.currentProject();
    controls(form, inputs).forEach(function (field) {
      var fact = factOf(form, field.getAttribute("data-field-id"), project);
      var answer = form.record.fields[field.getAttribute("data-field-id")];
      // a fact the project lacks still shows an earlier answer; the browser blanks e.g. a non-date in a date input
      field.value = (fact && project[fact]) || (answer ? answer.value : "");
      field.title = fact ? "這一欄就是專案的" + FACT_NAMES[fact] + "：改這裡，專案頁也跟著改" : "";
      mirror(field);
    });
    showProgress(form);
    showRetired(form);
  }

  // The project fact (eventDate, target) field id shows while project is the current one, or "".
  function factOf(form, id, project) {
    if (!project) return "";
    var field = form.schema.sections.reduce(function (found, section) {
      return found.concat((section.fields || []).filter(function (f) { return f.id === id; }));
    }, [])[0];
    return field && FACT_NAMES[field.project] ? field.project : "";
  }

  var FACT_NAMES = { eventDate: "活動日", target: "目標" };

  // Read the page's answers into a record, with each answer's label; retired answers are kept as they are.
  function collect(form) {
    var project = Store.currentProject();
    var record = emptyRecord(form.id);
    record.updated = new Date().toISOString();
    var ids = pageIds(form);
    controls(form, boxes).forEach(function (box) {
      var id = box.getAttribute("data-item-id");
      if (box.checked) record.items[id] = { label: ids.items[id] };
    });
    controls(form, inputs).forEach(function (field) {
      var id = field.getAttribute("data-field-id");
      var fact = factOf(form, id, project);
      if (field.value !== "" && !(fact && project[fact])) record.fields[id] = { value: field.value, label: ids.fields[id] };
    });
    Object.assign(record.items, form.retired.items);
    Object.assign(record.fields, form.retired.fields);
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

  // What is answered in sections: {ticked, items, filled, fields}.
  function tally(sections) {
    var ticks = [];
    var fields = [];
    sections.forEach(function (section) {
      ticks = ticks.concat(boxes(section));
      fields = fields.concat(inputs(section));
    });
    return { ticked: ticks.filter(function (box) { return box.checked; }).length, items: ticks.length,
             filled: fields.filter(function (field) { return isFilled(field.value); }).length, fields: fields.length };
  }

  // Answers given and answers asked for: every ticked item and every filled field counts once.
  function doneOf(count) {
    return { done: count.ticked + count.filled, total: count.items + count.fields };
  }

  // "（勾選 a / b 項・已填 c / d 欄）", naming only what the checklist has.
  function detailText(count) {
    var parts = [];
    if (count.items) parts.push("勾選 " + count.ticked + " / " + count.items + " 項");
    if (count.fields) parts.push("已填 " + count.filled + " / " + count.fields + " 欄");
    return parts.length ? "（" + parts.join("・") + "）" : "";
  }

  // Update "完成 n / m" for the checklist and each section: ticks alone never read as a finished checklist.
  function showProgress(form) {
    var count = tally(form.sections);
    var progress = doneOf(count);
    var text = form.toolbar.querySelector(".hb-progress__text");
    var detail = form.toolbar.querySelector(".hb-progress__detail");
    var bar = form.toolbar.querySelector(".hb-progress__bar");
    if (text) text.textContent = "完成 " + progress.done + " / " + progress.total;
    if (detail) detail.textContent = detailText(count);
    form.toolbar.classList.toggle("hb-toolbar--done", progress.total > 0 && progress.done === progress.total);
    if (bar) {
      bar.max = Math.max(progress.total, 1);
      bar.value = progress.done;
    }
    form.sections.forEach(showSectionProgress);
  }

  // Update one section's "完成 n / m" (ticks and filled fields) in its legend.
  function showSectionProgress(section) {
    var progress = doneOf(tally([section]));
    var label = section.querySelector(".hb-section__progress");
    if (label) label.textContent = progress.total ? "完成 " + progress.done + " / " + progress.total : "";
    section.classList.toggle("hb-section--done", progress.total > 0 && progress.done === progress.total);
  }

  // A retired answer as one line of text: "已勾選：label" or "label：value".
  function retiredLines(retired) {
    var name = function (answer, id) { return labelOf(answer) || "（舊代號 " + id + "）"; };
    return Object.keys(retired.items).map(function (id) { return "已勾選：" + name(retired.items[id], id); })
      .concat(Object.keys(retired.fields).map(function (id) {
        return name(retired.fields[id], id) + "：" + retired.fields[id].value;
      }));
  }

  // The 「這些題目已經改版」 box: answers to items the checklist no longer has, with their old labels.
  function showRetired(form) {
    var box = form.toolbar.parentNode.querySelector(".hb-retired[data-for='" + form.id + "']");
    var lines = retiredLines(form.retired);
    if (!lines.length) return box && box.remove();
    if (!box) box = retiredBox(form);
    var list = box.querySelector("ul");
    list.replaceChildren.apply(list, lines.map(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      return item;
    }));
  }

  // Build the empty 「這些題目已經改版」 box after the toolbar.
  function retiredBox(form) {
    var box = document.createElement("section");
    box.className = "hb-retired admonition note";
    box.setAttribute("data-for", form.id);
    box.setAttribute("aria-label", "這些題目已經改版");
    box.innerHTML = '<p class="admonition-title">這些題目已經改版</p><p>你之前回答過下面這些題目，' +
      "但檢核表已經改版，頁面上沒有它們了。答案仍然保留，也會包含在匯出檔裡。</p><ul></ul>" +
      '<button type="button" class="md-button hb-retired__drop">不再需要，刪除這些舊答案</button>';
    box.querySelector("button").addEventListener("click", function () { dropRetired(form); });
    form.toolbar.insertAdjacentElement("afterend", box);
    return box;
  }

  // Delete the retired answers after the user confirms.
  function dropRetired(form) {
    if (!window.confirm("刪除已經改版的題目的舊答案？建議先匯出備份。")) return;
    form.retired = { items: {}, fields: {} };
    form.record = collect(form);
    if (saveRecord(form.record, tally(form.sections))) showRetired(form);
  }

  // Save after the user ticked or typed.
  function onEdit(form, event) {
    var target = event.target;
    if (!target.matches("[data-item-id], [data-field-id]")) return;
    if (target.matches("[data-field-id]")) mirror(target);
    var project = Store.currentProject();
    var fact = target.matches("[data-field-id]") && factOf(form, target.getAttribute("data-field-id"), project);
    if (fact && event.type === "change") {
      var change = {};
      change[fact] = target.value;
      Store.updateProject(project.id, change); // one place: the project; every view follows
    }
    if (fact) return showProgress(form);
    form.record = collect(form);
    showProgress(form);
    if (!saveRecord(form.record, tally(form.sections))) say(form, "這次填的答案沒有存下來（原因見頁面上方）；請先匯出。", "error");
  }

  /* ---------- export ---------- */

  // The filled checklist as Markdown; answers are escaped so they cannot add items or headings.
  function toMarkdown(form) {
    var lines = ["# " + form.schema.title, ""];
    if (Store.currentProject()) lines.push("專案：" + Store.currentProject().name, "");
    if (form.record.updated) lines.push("最後更新：" + localDate(form.record.updated), "");
    form.schema.sections.forEach(function (section) {
      lines.push("## " + section.title, "");
      (section.items || []).forEach(function (item) {
        lines.push("- [" + (form.record.items[item.id] ? "x" : " ") + "] " + item.text);
      });
      if ((section.items || []).length) lines.push("");
      (section.fields || []).forEach(function (field) {
        var answer = form.record.fields[field.id];
        lines.push(fieldLine(field.label, answer && answer.value), "");
      });
    });
    var retired = retiredLines(form.retired);
    if (retired.length) {
      lines.push("## 這些題目已經改版", "");
      retired.forEach(function (line) { lines.push("- " + escapeLine(line)); });
    }
    return lines.join("\n").replace(/\n+$/, "\n");
  }

  // One line of an answer made inert: no list marker, heading, quote, fence, table or HTML can start it.
  function escapeLine(text) {
    return text.trim()
      .replace(/\\/g, "\\\\").replace(/</g, "&lt;").replace(/([[\]`*_])/g, "\\$1")
      .replace(/^([#>+\-=|~])/, "\\$1")
      .replace(/^(\d+)([.)])/, "$1\\$2");
  }

  // One field as "label: value"; a blank answer as a line to write on; extra lines as hard breaks.
  function fieldLine(label, value) {
    var parts = typeof value === "string" ? value.split(/\r?\n/).map(escapeLine).filter(Boolean) : [];
    return label + ": " + (parts.length ? parts.join("  \n") : BLANK);
  }

  // A download's name: the project, the checklist and the date (續保週末-project-kickoff-2026-12-06.md).
  function exportName(form, suffix) {
    var project = Store.currentProject();
    return window.handbookFileName([project ? project.name : "", form.id], suffix);
  }

  // The stored record plus the checklist title, as a JSON file body.
  function toJSON(form) {
    var record = form.record;
    var data = { version: VERSION, checklist: form.id, title: form.schema.title,
                 project: Store.currentProject() ? Store.currentProject().name : "", updated: record.updated,
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
    if (typeof data.version === "number" && data.version > VERSION) {
      return "這個檔案來自較新版的手冊（格式版本 " + data.version + "），這一版讀不懂；請等手冊更新後再匯入。";
    }
    if (data.version !== 1 && data.version !== VERSION) return "這個檔案的格式版本（" + String(data.version) + "）無法讀取；請用同一版手冊重新匯出。";
    if (!answersFrom(data.items, data.fields, data.version)) return "這個檔案的內容不完整，無法匯入。";
    return "";
  }

  // Import a JSON file chosen in the file input; nothing changes unless it is valid and saved.
  function importFile(form, input) {
    var file = input.files && input.files[0];
    if (!file) return;
    if (file.size > IMPORT_LIMIT) {
      input.value = "";
      return say(form, "匯入失敗：檔案太大（" + Math.ceil(file.size / 1024) + " KB，上限 1024 KB），不像是檢核表的匯出檔。答案沒有改變。", "error");
    }
    file.text().then(function (text) {
      var data = parseJSON(text);
      var problem = importProblem(form, data);
      input.value = "";
      if (problem) return say(form, "匯入失敗：" + problem + "答案沒有改變。", "error");
      if (hasAnswers(form.record) && !window.confirm("匯入會取代這份檢核表目前的答案，確定嗎？")) return;
      var record = Object.assign(emptyRecord(form.id), answersFrom(data.items, data.fields, data.version),
                                 { updated: typeof data.updated === "string" ? data.updated : null });
      applyImport(form, record);
    });
  }

  // Replace the answers with an imported record once it is saved; if it cannot be saved, keep the old ones.
  function applyImport(form, record) {
    var before = { record: form.record, retired: form.retired };
    applyRenames(form, record);
    form.retired = retiredOf(form, record);
    form.record = record;
    fill(form);
    form.record = collect(form);
    var progress = doneOf(tally(form.sections));
    if (saveRecord(form.record, tally(form.sections))) {
      form.loadNotice = "";
      return say(form, "已匯入答案（完成 " + progress.done + " / " + progress.total + "）。", "info");
    }
    form.record = before.record;
    form.retired = before.retired;
    fill(form);
    say(form, "匯入失敗：瀏覽器存不下這些答案，原本的答案沒有改變。", "error");
  }

  // Clear every answer after the user confirms.
  function reset(form) {
    if (!window.confirm("清除「" + form.schema.title + "」的所有答案？建議先匯出備份。")) return;
    Store.remove(storeKey(form.id));
    form.record = emptyRecord(form.id);
    form.retired = { items: {}, fields: {} };
    fill(form);
    form.loadNotice = "";
    say(form, "已清除所有答案。", "info");
  }

  // Run a toolbar button's action.
  function onAction(form, action) {
    if (action === "export-md") download(exportName(form, ".md"), toMarkdown(form), "text/markdown");
    if (action === "export-json") download(exportName(form, ".json"), toJSON(form), "application/json");
    if (action === "print") window.print();
    if (action === "reset") reset(form);
  }

  // Tell the user about a problem found while loading.
  function reportLoad(form, loaded) {
    if (!loaded.corrupt) return;
    var where = loaded.asideKey ? "原本的資料已另存為「" + loaded.asideKey + "」。" : "";
    form.loadNotice = "之前存的答案無法讀取，這份檢核表從空白開始。" + where;
    say(form, form.loadNotice, "error");
  }

  // Disable editing while the current project is archived.
  function showReadOnly(form) {
    var project = Store.currentProject();
    var locked = Store.readOnly();
    controls(form, boxes).concat(controls(form, inputs)).concat(
      all(form.toolbar, "[data-action=import-json], [data-action=reset]")).forEach(function (control) {
      control.disabled = locked;
    });
    if (locked) say(form, Store.readOnlyReason() || "專案「" + project.name + "」已封存，只能閱讀；要修改請到專案頁重新開啟。", "info");
  }

  // Read the current project's answers into the form (on setup, on a project switch, on another tab's save).
  function load(form) {
    var loaded = loadRecord(form.id);
    var moved = applyRenames(form, loaded.record);
    form.retired = retiredOf(form, loaded.record);
    form.record = loaded.record;
    fill(form);
    form.record = Object.assign(collect(form), { updated: loaded.record.updated });
    if (moved && !Store.readOnly()) saveRecord(form.record, tally(form.sections)); // answers of renamed items move once, for good
    say(form, form.loadNotice || "", form.loadNotice ? "error" : "info"); // a value set aside stays reported until the page is left
    showReadOnly(form);
    reportLoad(form, loaded);
  }

  // Wire up one checklist: fill it from storage, then listen for edits and toolbar actions.
  function setupChecklist(toolbar) {
    if (!claim(toolbar, "Checklist")) return;
    var form = findForm(toolbar);
    if (!form) return;
    load(form);
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
    forms.push(form);
  }

  var forms = []; // the checklists on the current page

  // Another tab saved, or the project was switched: show the current answers.
  function onStoreChange(change) {
    forms = forms.filter(function (form) { return document.contains(form.toolbar); });
    forms.forEach(function (form) {
      if (change.switched || change.key === storeKey(form.id)) load(form);
    });
    showStoredProgress(document);
  }

  /* ---------- 我的進度 and badges ---------- */

  // Total items of a [data-progress-for] element, or null when unknown.
  function totalOf(element) {
    var total = parseInt(element.getAttribute("data-total"), 10);
    return isNaN(total) ? null : total;
  }

  // "n / m" progress wording for a stored record (total: the checklist's items and fields).
  function progressText(record, total) {
    var done = countDone(record);
    if (total === null) return "已回答 " + done + " 項";
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
    if (!found.record) {
      if (cell) cell.textContent = "尚未開始";
      if (updated) updated.textContent = "—";
      return;
    }
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
    all(root, "[data-progress-for]").forEach(function (element) {
      var found = peekRecord(element.getAttribute("data-progress-for"));
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

  if (!Store) return; // store.js is listed before this script in mkdocs.yml
  Store.onChange(onStoreChange);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup); // Material: fires on load and after each instant page change
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
