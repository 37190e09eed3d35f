/*
 * 我的專案: the project bar under the header (current project, switch), the project list (create, start from a
 * finished project, import), the project page (stage, checklists, meetings, fixes, countdown, export, archive),
 * the printable binder, and the carried items shown on the kickoff checklist. Everything reads HandbookStore
 * (store.js); the pages' static data (checklists, stages, departments) comes from the my_projects() macro.
 *
 * Read from other tools' entries (tolerant of missing fields):
 *   "planner:…"  {date:"YYYY-MM-DD", start, title|name|type, agenda|items|topics:[text | {title|text, minutes}]}
 *                or {meetings:[that…]}
 *   "retro:…"    {carry|carryOver|carry_over:[text | {text}], fixes|measures|shortfalls:[{text|measure|issue,
 *                owner, due, done}]}
 *   "fixes"      the project page's own fixes: [{text, owner, due, done}]
 */
(function () {
  "use strict";

  var Store = window.HandbookStore;
  var KICKOFF = "project-kickoff"; // the checklist the carried items arrive in
  var IMPORT_LIMIT = 1024 * 1024;
  var MEETING_NAMES = { kickoff: "啟動會", sync: "定期面對面", options: "方案討論", retrospective: "總結會" };
  var PROJECT_COLUMNS = ["專案", "參與部門", "活動日", "階段", "動作"];
  if (!Store) return;

  /* ---------- small helpers ---------- */

  // All elements under root matching selector, as an array.
  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  // A new element with attributes and children (strings become text, never HTML).
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (attributes[name] === false || attributes[name] === null || attributes[name] === undefined) return;
      if (name === "text") node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name] === true ? "" : attributes[name]);
    });
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) node.append(child);
    });
    return node;
  }

  // True for a plain {…} object.
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // value if it is non-empty text, else "".
  function str(value) {
    return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
  }

  // True for a YYYY-MM-DD text.
  function isDate(value) {
    return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  }

  // Today as local YYYY-MM-DD.
  function today() {
    return new Date().toLocaleDateString("sv");
  }

  // Whole days from local date a to b (both YYYY-MM-DD).
  function daysBetween(a, b) {
    return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
  }

  // The site's base URL (handbook.js reads it from the theme's own config).
  function baseUrl() {
    return window.handbookSiteBase();
  }

  // Offer text as a file download.
  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "application/json;charset=utf-8" }));
    var link = el("a", { href: url, download: name });
    link.click();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /* ---------- what a project holds (derived, never stored twice) ---------- */

  // A checklist's answers in project id: {items, fields, answered} (empty when none or unreadable).
  function answersOf(projectId, checklistId) {
    var found = Store.entry("checklist:" + checklistId, projectId);
    var value = found && !found.corrupt && isObject(found.value) ? found.value : {};
    var items = isObject(value.items) ? value.items : {};
    var fields = isObject(value.fields) ? value.fields : {};
    return { items: items, fields: fields, answered: Object.keys(items).length + Object.keys(fields).length > 0 };
  }

  // Answers to a checklist's items and fields on its page now: each ticked item and each filled field counts once,
  // as on the checklist itself (its total, from the build, is every item and every field).
  function doneCount(answers, checklist) {
    return checklist.schema.sections.reduce(function (count, section) {
      var ticked = (section.items || []).filter(function (item) { return isObject(answers.items[item.id]); });
      var filled = (section.fields || []).filter(function (field) {
        var answer = answers.fields[field.id];
        return isObject(answer) && str(answer.value) !== "";
      });
      return count + ticked.length + filled.length;
    }, 0);
  }

  // The stage of a project: 收尾 once its retrospective started or the event date passed; else the first
  // stage whose checklists are not all complete (every item ticked, every field filled); 執行 when they all are.
  function stageOf(project, data) {
    var phased = data.checklists.filter(function (c) { return c.phase; });
    var complete = function (c) { return doneCount(answersOf(project.id, c.id), c) >= c.total; };
    var closing = phased.filter(function (c) { return c.stage === "收尾"; });
    var past = project.eventDate && project.eventDate < today();
    if (past || closing.some(function (c) { return answersOf(project.id, c.id).answered; })) return "收尾";
    var open = ["啟動", "規劃"].filter(function (stage) {
      return !phased.filter(function (c) { return c.stage === stage; }).every(complete);
    });
    return open.length ? open[0] : "執行";
  }

  // True once the project's retrospective has begun (its checklist or a worksheet holds answers).
  function retrospectiveStarted(project, data) {
    return Store.keys("retro:", project.id).length > 0 || data.checklists.some(function (c) {
      return c.stage === "收尾" && answersOf(project.id, c.id).answered;
    });
  }

  // The values saved under keys starting with prefix in a project (unreadable ones skipped).
  function values(projectId, prefix) {
    return Store.keys(prefix, projectId).map(function (key) {
      var found = Store.entry(key, projectId);
      return found && !found.corrupt ? { key: key, value: found.value } : null;
    }).filter(Boolean);
  }

  // The first array among value's named properties.
  function listIn(value, names) {
    if (!isObject(value)) return [];
    var name = names.filter(function (n) { return Array.isArray(value[n]); })[0];
    return name ? value[name] : [];
  }

  // An agenda row as one line of text.
  function agendaLine(row) {
    if (!isObject(row)) return str(row);
    var text = str(row.title) || str(row.text) || str(row.topic);
    return (str(row.start) ? str(row.start) + " " : "") + text + (row.minutes ? "（" + row.minutes + " 分鐘）" : "");
  }

  // The meetings planned for a project, by date: {date, start, title, agenda: [lines]}.
  function meetingsOf(projectId) {
    var meetings = [];
    values(projectId, "planner:").forEach(function (saved) {
      var many = isObject(saved.value) && Array.isArray(saved.value.meetings) ? saved.value.meetings : [saved.value];
      many.filter(function (m) { return isObject(m) && isDate(m.date); }).forEach(function (m) {
        meetings.push({ date: m.date, start: str(m.start), agenda: listIn(m, ["agenda", "items", "topics"])
          .map(agendaLine).filter(Boolean),
          title: str(m.title) || str(m.name) || MEETING_NAMES[m.type] || saved.key.slice("planner:".length) });
      });
    });
    return meetings.sort(function (a, b) { return (a.date + a.start) < (b.date + b.start) ? -1 : 1; });
  }

  // A fix in any of the tools' shapes, or null.
  function fixFrom(row, source, index) {
    if (!isObject(row)) return null;
    var text = str(row.text) || str(row.measure) || str(row.issue);
    if (!text) return null;
    return { text: text, owner: str(row.owner), due: isDate(row.due) ? row.due : "", done: row.done === true,
             source: source, index: index };
  }

  // The retrospective checklist's fixes: each section with a text, a person and a date field gives one.
  function checklistFixes(projectId, data) {
    var fixes = [];
    data.checklists.filter(function (c) { return c.stage === "收尾"; }).forEach(function (c) {
      var answers = answersOf(projectId, c.id);
      c.schema.sections.forEach(function (section) {
        var pick = function (type) {
          var field = (section.fields || []).filter(function (f) { return f.type === type; })[0];
          var answer = field && answers.fields[field.id];
          return answer ? str(answer.value) : "";
        };
        var fix = fixFrom({ text: pick("text"), owner: pick("person"), due: pick("date") }, c.title, -1);
        if (fix && (section.fields || []).some(function (f) { return f.type === "person"; })) fixes.push(fix);
      });
    });
    return fixes;
  }

  // Every fix of a project: its own list, the retrospective worksheets' and the retrospective checklist's.
  function fixesOf(projectId, data) {
    var own = Store.entry("fixes", projectId);
    var list = (own && !own.corrupt && Array.isArray(own.value) ? own.value : []).map(function (row, index) {
      return fixFrom(row, "own", index);
    });
    values(projectId, "retro:").forEach(function (saved) {
      listIn(saved.value, ["fixes", "measures", "shortfalls", "improvements"]).forEach(function (row) {
        list.push(fixFrom(row, "總結會工作表", -1));
      });
    });
    return list.filter(Boolean).concat(checklistFixes(projectId, data));
  }

  // "逾期 n 天", "今天到期", "還有 n 天" or "完成" for a fix.
  function fixStatus(fix) {
    if (fix.done) return { text: "完成", overdue: false };
    if (!fix.due) return { text: "未訂期限", overdue: false };
    var days = daysBetween(today(), fix.due);
    if (days < 0) return { text: "逾期 " + (-days) + " 天", overdue: true };
    return { text: days === 0 ? "今天到期" : "還有 " + days + " 天", overdue: false };
  }

  // What a finished project hands to the next one: the retrospective's 「帶到下一個專案」, what to keep doing,
  // and the fixes not done yet.
  function carriedFrom(projectId, data) {
    var lines = [];
    values(projectId, "retro:").forEach(function (saved) {
      listIn(saved.value, ["carry", "carryOver", "carry_over", "next"]).forEach(function (row) {
        lines.push(isObject(row) ? str(row.text) : str(row));
      });
    });
    data.checklists.filter(function (c) { return c.stage === "收尾"; }).forEach(function (c) {
      var answers = answersOf(projectId, c.id);
      c.schema.sections.forEach(function (section) {
        (section.fields || []).filter(function (f) { return f.type === "text" && f.label.indexOf("下次") >= 0; })
          .forEach(function (f) { if (answers.fields[f.id]) lines.push(str(answers.fields[f.id].value)); });
      });
    });
    fixesOf(projectId, data).filter(function (fix) { return !fix.done; }).forEach(function (fix) {
      lines.push("未完成的改進：" + fix.text + (fix.owner ? "（" + fix.owner + "）" : ""));
    });
    return lines.filter(function (line, index) { return line && lines.indexOf(line) === index; });
  }

  // "距離活動日還有 n 天" and its relatives, or "" without a date.
  function countdown(project) {
    if (!project.eventDate) return "";
    var days = daysBetween(today(), project.eventDate);
    if (days > 0) return "距離活動日還有 " + days + " 天";
    return days === 0 ? "今天就是活動日" : "活動日已過 " + (-days) + " 天";
  }

  // Department names of a project.
  function departmentNames(project, data) {
    return project.departments.map(function (id) {
      var found = data.departments.filter(function (d) { return d.id === id; })[0];
      return found ? found.name : id;
    });
  }

  /* ---------- the project bar ---------- */

  // The bar under the header: the current project, a switch, and links to its page and the list.
  function showBar() {
    var bar = document.querySelector(".hb-project-bar");
    if (!bar) bar = buildBar();
    var current = Store.currentProject();
    var select = bar.querySelector("select");
    select.replaceChildren.apply(select, Store.projects().map(function (p) {
      return el("option", { value: p.id, selected: p.id === current.id, text: p.name + (p.archived ? "（已封存）" : "") });
    }));
    bar.querySelector(".hb-project-bar__archived").hidden = !current.archived;
  }

  // Build the bar once (it stays across Material's instant page changes).
  function buildBar() {
    var base = baseUrl();
    var select = el("select", { id: "hb-project-switch", class: "hb-project-bar__switch" });
    select.addEventListener("change", function () { Store.switchProject(select.value); });
    var bar = el("div", { class: "hb-project-bar", role: "region", "aria-label": "目前專案" }, [
      el("div", { class: "hb-project-bar__inner md-grid" }, [
        el("label", { for: "hb-project-switch", text: "目前專案" }), select,
        el("span", { class: "hb-project-bar__archived", text: "已封存・唯讀", hidden: true }),
        el("a", { href: base + "projects/project/", text: "專案頁" }),
        el("a", { href: base + "projects/", text: "所有專案" })]),
      el("p", { class: "hb-project-bar__alert md-grid", role: "alert", hidden: true })]);
    var header = document.querySelector(".md-header");
    if (header) header.insertAdjacentElement("afterend", bar); else document.body.prepend(bar);
    Store.report(Store.lastReport()); // a problem found before the bar existed (e.g. while migrating)
    return bar;
  }

  /* ---------- the project list ---------- */

  // Show a message in a view's status line.
  function say(root, text, kind) {
    var message = root.querySelector(":scope > .hb-message");
    if (!message) return;
    message.textContent = text;
    message.className = "hb-message hb-message--" + (kind || "info");
    message.hidden = !text;
  }

  // One row of the project table; each cell names its column (a phone shows the row as a card, without the head).
  function projectRow(root, project, data, current) {
    var actions = el("td", { class: "hb-project-actions" });
    if (project.id === current.id) actions.append(el("strong", { text: "目前專案" }));
    else actions.append(button("切換到這個專案", function () { Store.switchProject(project.id); }));
    actions.append(button("以這個專案開新專案", function () { startFrom(root, project, data); }));
    return el("tr", { "data-project": project.id }, [
      el("th", { scope: "row", text: project.name }),
      el("td", { "data-label": PROJECT_COLUMNS[1], text: departmentNames(project, data).join("、") || "—" }),
      el("td", { "data-label": PROJECT_COLUMNS[2], text: project.eventDate || "—" }),
      el("td", { "data-label": PROJECT_COLUMNS[3], text: stageOf(project, data) + (project.archived ? "（已封存）" : "") }),
      actions]);
  }

  // A small button running action.
  function button(label, action, attributes) {
    var node = el("button", Object.assign({ type: "button", class: "md-button" }, attributes || {}), [label]);
    node.addEventListener("click", action);
    return node;
  }

  // The table of every project.
  function showList(root, data) {
    var current = Store.currentProject();
    var table = el("table", { class: "hb-table hb-project-table" }, [
      el("caption", { text: "你在這台電腦上的專案（" + Store.projects().length + " 個）" }),
      el("thead", {}, [el("tr", {}, PROJECT_COLUMNS.map(function (h) {
        return el("th", { scope: "col", text: h });
      }))]),
      el("tbody", {}, Store.projects().map(function (p) { return projectRow(root, p, data, current); }))]);
    root.querySelector("[data-project-list]").replaceChildren(table);
  }

  // Prepare the form to start a new project from a finished one (its carried items go along).
  function startFrom(root, project, data) {
    var form = root.querySelector("[data-project-form]");
    var carried = carriedFrom(project.id, data);
    form.dataset.from = project.id;
    form.querySelector("[data-project-form-title]").textContent = "從「" + project.name + "」開新專案";
    var note = form.querySelector("[data-project-from]");
    note.textContent = "會帶入 " + carried.length + " 件「帶到下一個專案」的事項，出現在新專案的啟動檢核表上方。";
    note.hidden = false;
    form.querySelector("[data-action=cancel-from]").hidden = false;
    all(form, "input[name=departments]").forEach(function (box) {
      box.checked = project.departments.indexOf(box.value) >= 0;
    });
    form.querySelector("input[name=name]").focus();
  }

  // Back to a blank new project.
  function clearFrom(form) {
    delete form.dataset.from;
    form.querySelector("[data-project-form-title]").textContent = "建立新專案";
    form.querySelector("[data-project-from]").hidden = true;
    form.querySelector("[data-action=cancel-from]").hidden = true;
  }

  // Create the project described by the form, and switch to it.
  function createFromForm(root, form, data) {
    var from = form.dataset.from ? Store.findProject(form.dataset.from) : null;
    var fields = {
      name: form.elements.name.value, eventDate: form.elements.eventDate.value, target: form.elements.target.value,
      departments: all(form, "input[name=departments]:checked").map(function (box) { return box.value; }),
      from: from ? from.id : null, carried: from ? carriedFrom(from.id, data) : []
    };
    var project = Store.createProject(fields);
    if (!project) return say(root, "專案沒有建立：瀏覽器存不下（原因見頁面上方）。", "error");
    form.reset();
    clearFrom(form);
    say(root, "已建立「" + project.name + "」，現在的目前專案就是它。" +
        (project.carried.length ? "帶入了 " + project.carried.length + " 件事項。" : ""), "info");
  }

  // Import a project file chosen in the file input.
  function importProjectFile(root, input) {
    var file = input.files && input.files[0];
    if (!file) return;
    input.value = "";
    if (file.size > IMPORT_LIMIT) {
      return say(root, "匯入失敗：檔案太大（" + Math.ceil(file.size / 1024) + " KB，上限 1024 KB）。原本的資料沒有改變。", "error");
    }
    file.text().then(function (text) {
      var data;
      try { data = JSON.parse(text); } catch (error) { data = undefined; }
      var result = Store.importProject(data);
      say(root, (result.ok ? "" : "匯入失敗：") + result.message + (result.ok ? "" : "原本的資料沒有改變。"),
          result.ok ? "info" : "error");
    });
  }

  // Wire the list page once.
  function setupList(root, data) {
    var form = root.querySelector("[data-project-form]");
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      createFromForm(root, form, data);
    });
    form.querySelector("[data-action=cancel-from]").addEventListener("click", function () { clearFrom(form); });
  }

  // Importing a project needs none of the page's data: it works as soon as the page does.
  function setupImport(root) {
    root.querySelector("[data-project-import]").hidden = false;
    root.querySelector("[data-action=import-project]").addEventListener("change", function (event) {
      importProjectFile(root, event.target);
    });
  }

  /* ---------- the project page ---------- */

  // A heading and its content as a section.
  function part(title, id, children) {
    return el("section", { class: "hb-project-part", "aria-labelledby": id }, [el("h2", { id: id, text: title })]
      .concat(children));
  }

  // Name, departments, date, target and countdown.
  function summary(project, data) {
    var rows = [["參與部門", departmentNames(project, data).join("、") || "（未填）"],
                ["活動日或截止日", project.eventDate ? project.eventDate + "（" + countdown(project) + "）" : "（未填）"],
                ["目標", project.target || "（未填）"]];
    return el("dl", { class: "hb-project-summary" }, rows.reduce(function (list, row) {
      return list.concat([el("dt", { text: row[0] }), el("dd", { text: row[1] })]);
    }, []));
  }

  // The four stages with the current one marked.
  function stages(project, data) {
    var now = stageOf(project, data);
    return el("ol", { class: "hb-stages" }, data.stages.map(function (stage) {
      return el("li", { class: "hb-stage" + (stage === now ? " hb-stage--current" : ""),
                        "aria-current": stage === now ? "step" : null }, [stage]);
    }));
  }

  // The project's checklists (phases, plus its departments' interest checklists) with their progress.
  function checklistTable(project, data) {
    var chosen = data.checklists.filter(function (c) {
      return c.phase || project.departments.indexOf(c.department) >= 0;
    });
    return el("table", { class: "hb-table hb-project-checklists" }, [
      el("thead", {}, [el("tr", {}, ["檢核表", "階段", "進度"].map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, chosen.map(function (c) {
        var answers = answersOf(project.id, c.id);
        var text = answers.answered ? "完成 " + doneCount(answers, c) + " / " + c.total : "尚未開始";
        return el("tr", { "data-checklist": c.id }, [el("td", {}, [el("a", { href: c.url, text: c.title })]),
          el("td", { text: c.stage }), el("td", { class: "hb-project-progress", text: text })]);
      }))]);
  }

  // The meetings planned for the project, past ones marked.
  function meetingList(project) {
    var meetings = meetingsOf(project.id);
    if (!meetings.length) return el("p", { text: "還沒有排會議。用會議規劃工具排定並儲存後，會出現在這裡。" });
    return el("ul", { class: "hb-project-meetings" }, meetings.map(function (m) {
      var past = m.date < today();
      return el("li", { class: past ? "hb-past" : null }, [
        el("time", { datetime: m.date, text: m.date + (m.start ? " " + m.start : "") }), " " + m.title + (past ? "（已開）" : "")]);
    }));
  }

  // The fixes with owner, due date and status; overdue ones stand out; own fixes can be ticked done.
  function fixTable(project, data, rerender) {
    var fixes = fixesOf(project.id, data);
    var overdue = fixes.filter(function (f) { return fixStatus(f).overdue; }).length;
    var rows = fixes.map(function (fix) {
      var status = fixStatus(fix);
      var done = fix.source === "own" ? fixDoneBox(project, fix, rerender) : (fix.done ? "已完成" : "");
      return el("tr", { class: status.overdue ? "hb-overdue" : null }, [el("td", { text: fix.text }),
        el("td", { text: fix.owner || "—" }), el("td", { text: fix.due || "—" }),
        el("td", { class: "hb-fix-status", text: status.text }), el("td", {}, [done])]);
    });
    return [el("p", { class: "hb-fix-summary", text: fixes.length ? "共 " + fixes.length + " 項，" +
      (overdue ? overdue + " 項逾期。" : "沒有逾期。") : "還沒有改進事項。" }),
      fixes.length ? el("table", { class: "hb-table hb-project-fixes" }, [
        el("thead", {}, [el("tr", {}, ["改進事項", "負責", "期限", "狀態", "完成"].map(function (h) {
          return el("th", { scope: "col", text: h });
        }))]), el("tbody", {}, rows)]) : null,
      project.archived ? null : fixForm(project, rerender)];
  }

  // A checkbox marking one of the project's own fixes done.
  function fixDoneBox(project, fix, rerender) {
    var box = el("input", { type: "checkbox", "aria-label": "「" + fix.text + "」已完成", checked: fix.done,
                            disabled: project.archived });
    box.addEventListener("change", function () {
      var list = Store.load("fixes") || [];
      if (isObject(list[fix.index])) list[fix.index].done = box.checked;
      if (Store.save("fixes", list)) rerender();
    });
    return box;
  }

  // The form adding a fix to the project.
  function fixForm(project, rerender) {
    var field = function (name, label, type) {
      return el("p", { class: "hb-field" }, [el("label", { for: "fix-" + name, text: label }),
        el("input", { id: "fix-" + name, name: name, type: type, required: name === "text", autocomplete: "off" })]);
    };
    var form = el("form", { class: "hb-fix-form", "aria-label": "新增改進事項" }, [
      field("text", "改進事項", "text"), field("owner", "負責人", "text"), field("due", "期限", "date"),
      el("button", { type: "submit", class: "md-button", text: "新增改進事項" })]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var list = Store.load("fixes");
      list = Array.isArray(list) ? list : [];
      list.push({ text: form.elements.text.value.trim(), owner: form.elements.owner.value.trim(),
                  due: form.elements.due.value, done: false });
      if (Store.save("fixes", list)) rerender();
    });
    return form;
  }

  // The carried items from the project this one started from.
  function carriedList(project) {
    var from = project.from ? Store.findProject(project.from) : null;
    return [el("p", { text: from ? "從「" + from.name + "」帶過來：" : "從上一個專案帶過來：" }),
            el("ul", { class: "hb-carried-list" }, project.carried.map(function (c) { return el("li", { text: c }); }))];
  }

  // Export, binder and archive/reopen buttons.
  function projectActions(project, data, root) {
    var started = retrospectiveStarted(project, data);
    var archive = project.archived
      ? button("重新開啟專案", function () { Store.updateProject(project.id, { archived: false }); }, { "data-action": "reopen" })
      : button("封存專案", function () {
        if (window.confirm("封存「" + project.name + "」？封存後只能閱讀，之後可以重新開啟。")) {
          Store.updateProject(project.id, { archived: true });
        }
      }, { "data-action": "archive", disabled: !started });
    return el("div", { class: "hb-project-buttons" }, [
      button("匯出專案 JSON", function () {
        download("project-" + project.name + ".json", JSON.stringify(Store.exportProject(project.id), null, 2) + "\n");
        say(root, "已匯出「" + project.name + "」。", "info");
      }, { "data-action": "export-project" }),
      el("a", { class: "md-button", href: data.pages.binder, text: "列印裝訂本" }), archive, deleteButton(project),
      !started && !project.archived ? el("p", { class: "hb-hint", text: "開過總結會（總結會檢核表開始填）之後才能封存。" }) : null]);
  }

  // A folded form changing the project's name, departments, date and target.
  function detailsForm(project, data) {
    var text = function (name, label, type, value) {
      return el("p", { class: "hb-field" }, [el("label", { for: "edit-" + name, text: label }),
        el("input", { id: "edit-" + name, name: name, type: type, value: value, autocomplete: "off" })]);
    };
    var departments = el("fieldset", { class: "hb-project-form__departments" }, [el("legend", { text: "參與部門" })]
      .concat(data.departments.map(function (d) {
        return el("label", { class: "hb-project-form__department" }, [el("input", { type: "checkbox", name: "departments",
          value: d.id, checked: project.departments.indexOf(d.id) >= 0 }), " " + d.name]);
      })));
    var form = el("form", { class: "hb-project-form hb-project-edit" }, [text("name", "專案名稱", "text", project.name),
      departments, text("eventDate", "活動日或截止日", "date", project.eventDate),
      text("target", "目標", "text", project.target),
      el("button", { type: "submit", class: "md-button md-button--primary", text: "儲存專案資料" })]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      Store.updateProject(project.id, { name: form.elements.name.value, eventDate: form.elements.eventDate.value,
        target: form.elements.target.value,
        departments: all(form, "input[name=departments]:checked").map(function (box) { return box.value; }) });
    });
    return el("details", { class: "hb-project-details" }, [el("summary", { text: "修改專案資料" }), form]);
  }

  // Delete the project after the user confirms.
  function deleteButton(project) {
    return button("刪除專案", function () {
      if (window.confirm("刪除「" + project.name + "」和它所有的答案？這無法復原，建議先匯出專案 JSON。")) {
        Store.deleteProject(project.id);
      }
    }, { "data-action": "delete-project", class: "md-button hb-reset" });
  }

  // Render the current project's page.
  function showProject(root, data) {
    var project = Store.currentProject();
    var rerender = function () { showProject(root, data); };
    var parts = [
      el("h2", { id: "project-name", class: "hb-project-title", text: project.name + (project.archived ? "（已封存）" : "") }),
      summary(project, data), project.archived ? null : detailsForm(project, data), projectActions(project, data, root),
      part("專案走到哪裡", "project-stage", [stages(project, data)]),
      part("檢核表進度", "project-checklists", [checklistTable(project, data)]),
      part("排定的會議", "project-meetings", [meetingList(project)]),
      part("改進事項", "project-fixes", fixTable(project, data, rerender))];
    if (project.carried.length) parts.push(part("上一個專案帶過來的事項", "project-carried", carriedList(project)));
    var page = root.querySelector("[data-project-page]");
    page.replaceChildren.apply(page, parts.filter(Boolean));
  }

  /* ---------- the binder ---------- */

  // One filled checklist: every item ticked or not, every field's answer, retired answers too.
  function binderChecklist(project, checklist) {
    var answers = answersOf(project.id, checklist.id);
    var onPage = {};
    var sections = checklist.schema.sections.map(function (section) {
      var items = (section.items || []).map(function (item) {
        onPage[item.id] = true;
        return el("li", { class: answers.items[item.id] ? "hb-ticked" : null },
                  [(answers.items[item.id] ? "☑ " : "☐ ") + item.text]);
      });
      var fields = (section.fields || []).reduce(function (list, field) {
        onPage[field.id] = true;
        var answer = answers.fields[field.id];
        return list.concat([el("dt", { text: field.label }), el("dd", { text: answer ? answer.value : "＿＿＿＿" })]);
      }, []);
      return el("div", { class: "hb-binder__section" }, [el("h4", { text: section.title }),
        items.length ? el("ul", { class: "hb-binder__items" }, items) : null,
        fields.length ? el("dl", { class: "hb-binder__fields" }, fields) : null]);
    });
    var retired = Object.keys(answers.items).concat(Object.keys(answers.fields)).filter(function (id) { return !onPage[id]; });
    return el("section", { class: "hb-binder__part hb-binder__checklist", "data-checklist": checklist.id }, [
      el("h3", { text: checklist.title + "（完成 " + doneCount(answers, checklist) + " / " + checklist.total + "）" })]
      .concat(sections).concat(retired.length ? [el("p", { class: "hb-hint", text: "另有 " + retired.length +
        " 個已經改版的題目的答案，打開這份檢核表可以看到。" })] : []));
  }

  // The agendas of the planned meetings.
  function binderMeetings(project) {
    var meetings = meetingsOf(project.id);
    return el("section", { class: "hb-binder__part" }, [el("h3", { text: "會議議程" })].concat(meetings.length
      ? meetings.map(function (m) {
        return el("div", { class: "hb-binder__meeting" }, [el("h4", { text: m.date + (m.start ? " " + m.start : "") + " " + m.title }),
          m.agenda.length ? el("ol", {}, m.agenda.map(function (line) { return el("li", { text: line }); })) : null]);
      }) : [el("p", { text: "（沒有排定的會議）" })]));
  }

  // The retrospective's fixes and what goes on to the next project.
  function binderRetrospective(project, data, fixes) {
    var carry = carriedFrom(project.id, data);
    return el("section", { class: "hb-binder__part" }, [el("h3", { text: "總結會" }),
      el("h4", { text: "改進事項" }), fixes.length ? el("ul", {}, fixes.map(function (f) {
        return el("li", { text: f.text + "｜負責：" + (f.owner || "—") + "｜期限：" + (f.due || "—") + "｜" + fixStatus(f).text });
      })) : el("p", { text: "（沒有改進事項）" }),
      el("h4", { text: "帶到下一個專案" }), carry.length
        ? el("ul", {}, carry.map(function (line) { return el("li", { text: line }); })) : el("p", { text: "（無）" })]);
  }

  // Render the current project's binder: cover, carried items, filled checklists, agendas, fixes.
  function showBinder(root, data) {
    var project = Store.currentProject();
    var filled = data.checklists.filter(function (c) { return answersOf(project.id, c.id).answered; });
    var fixes = fixesOf(project.id, data);
    var parts = [
      el("section", { class: "hb-binder__cover" }, [el("h2", { id: "binder-title", text: project.name }),
        summary(project, data), el("p", { text: "目前階段：" + stageOf(project, data) + "・列印日期：" + today() })]),
      button("列印裝訂本", function () { window.print(); }, { class: "md-button hb-binder__print", "data-action": "print" })];
    if (project.carried.length) parts.push(el("section", { class: "hb-binder__part" }, [el("h3", { text: "上一個專案帶過來的事項" })].concat(carriedList(project))));
    parts = parts.concat(filled.length ? filled.map(function (c) { return binderChecklist(project, c); })
      : [el("p", { text: "這個專案還沒有填任何檢核表。" })]);
    parts.push(binderMeetings(project));
    parts.push(binderRetrospective(project, data, fixes));
    var binder = root.querySelector("[data-project-binder]");
    binder.replaceChildren.apply(binder, parts);
  }

  /* ---------- the kickoff checklist: carried items ---------- */

  // Above the kickoff checklist, the items the current project carried over from the one before.
  function showCarriedOnKickoff() {
    var toolbar = document.querySelector("[data-checklist-toolbar='" + KICKOFF + "']");
    if (!toolbar) return;
    var project = Store.currentProject();
    var box = document.querySelector(".hb-carried");
    if (!project.carried.length) return box && box.remove();
    if (!box) {
      box = el("section", { class: "hb-carried admonition tip", "aria-label": "上一個專案帶過來的事項" });
      toolbar.insertAdjacentElement("beforebegin", box);
    }
    box.replaceChildren.apply(box, [el("p", { class: "admonition-title", text: "上一個專案帶過來的事項" })]
      .concat(carriedList(project)).concat([el("p", { text: "啟動會時逐項確認，放進這次的規劃。" })]));
  }

  /* ---------- start ---------- */

  var views = []; // the project views on the current page

  // Render every view of the page, the bar and the kickoff box from the store.
  function render() {
    showBar();
    showCarriedOnKickoff();
    views = views.filter(function (view) { return document.contains(view.root); });
    views.forEach(function (view) {
      if (view.kind === "list") showList(view.root, view.data);
      if (view.kind === "project") showProject(view.root, view.data);
      if (view.kind === "binder") showBinder(view.root, view.data);
    });
  }

  // Start one project view once its data (a file beside the page: it lists every checklist) has arrived.
  function startView(root, data) {
    var note = root.querySelector(".hb-noscript-note");
    if (note) note.hidden = true;
    var view = { root: root, data: data, kind: root.getAttribute("data-project-view") };
    if (view.kind === "list") setupList(root, data);
    views.push(view);
    render();
  }

  // The data file's links made whole: they are relative to the file, which the three views share.
  function linkedFrom(data, fileUrl) {
    var whole = function (url) { return new URL(url, fileUrl).href; };
    data.checklists.forEach(function (c) { c.url = whole(c.url); });
    Object.keys(data.pages).forEach(function (name) { data.pages[name] = whole(data.pages[name]); });
    return data;
  }

  // Set up the page's project views (safe to call again after instant navigation).
  function setup() {
    all(document, "[data-project-view]").forEach(function (root) {
      if (root.dataset.hbProjectBound) return;
      root.dataset.hbProjectBound = "1";
      if (root.getAttribute("data-project-view") === "list") setupImport(root);
      fetch(root.getAttribute("data-project-src"), { credentials: "same-origin" })
        .then(function (response) {
          return response.json().then(function (data) { return linkedFrom(data, response.url); });
        })
        .then(function (data) { startView(root, data); })
        .catch(function () { /* the page keeps its note: the view cannot work without its data */ });
    });
    render();
  }

  Store.onChange(function () { render(); });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
