/*
 * 我的專案: the project bar under the header (current project, switch), the project list (create, start from a
 * finished project, import), the project page (next step, calendar, checklists, meetings, retrospective, archive),
 * the printable binder, and the carried items shown on the kickoff checklist. Everything reads the one project
 * record in HandbookStore (store.js, schema version 3); the pages' static data (checklists, stages, departments,
 * the path's plays and their steps' days from D) comes from the my_projects() macro.
 *
 * Entries of a project read here: "checklist:<id>", "meetings" {items:[meeting]} (tools.js saves them),
 * "retrospective" {project, results, thanks, keep, fixes:[{issue, measure, owner, due, done}], carry},
 * "steps" {done: {"<play>:<step index>": true}} (the calendar's own ticks).
 */
(function () {
  "use strict";

  var Store = window.HandbookStore;
  var KICKOFF = "project-kickoff"; // the checklist the carried items arrive in, and the first meeting's play
  var IMPORT_LIMIT = 1024 * 1024;
  var PROJECT_COLUMNS = ["專案", "參與部門", "活動日", "階段"];
  var WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];
  // A meeting step whose day from D falls on a weekend is held on the nearest working day (HandbookTools.stepDay).
  var MOVED = { earlier: "遇週末，會議提前到週五", later: "遇週末，會議延到週一" };
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

  // The day n days after day (YYYY-MM-DD).
  function addDays(day, n) {
    return new Date(Date.parse(day + "T00:00:00Z") + n * 86400000).toISOString().slice(0, 10);
  }

  // The Monday of day's week.
  function mondayOf(day) {
    var weekday = new Date(day + "T00:00:00Z").getUTCDay();
    return addDays(day, weekday === 0 ? -6 : 1 - weekday);
  }

  // 1/7（一）: a short date with its weekday.
  function shortDay(day) {
    var parts = day.split("-").map(Number);
    return parts[1] + "/" + parts[2] + "（" + WEEKDAYS[new Date(day + "T00:00:00Z").getUTCDay()] + "）";
  }

  // The site's base URL (handbook.js reads it from the theme's own config).
  function baseUrl() {
    return window.handbookSiteBase();
  }

  // A file name carrying the project and today's date: 續保週末-專案-2026-12-06.json (handbook.js).
  function fileName(project, what, suffix) {
    return window.handbookFileName([project.name, what], suffix);
  }

  // Offer text as a file download.
  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type || "application/json;charset=utf-8" }));
    var link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // A small button running action.
  function button(label, action, attributes) {
    var node = el("button", Object.assign({ type: "button", class: "md-button" }, attributes || {}), [label]);
    node.addEventListener("click", action);
    return node;
  }

  // A wide table inside a box that scrolls sideways on a phone, named for screen readers.
  function scrollBox(label, table) {
    return el("div", { class: "hb-scroll", tabindex: "0", role: "region", "aria-label": label }, [table]);
  }

  // A table with a head row of columns and body rows.
  function table(className, columns, rows, caption) {
    return el("table", { class: "hb-table " + className }, [caption ? el("caption", { text: caption }) : null,
      el("thead", {}, [el("tr", {}, columns.map(function (h) { return el("th", { scope: "col", text: h }); }))]),
      el("tbody", {}, rows)]);
  }

  /* ---------- what a project holds (derived, never stored twice) ---------- */

  // The value of one entry of project id, or fallback when there is none or it cannot be read.
  function valueOf(projectId, key, fallback) {
    var found = Store.entry(key, projectId);
    return found && !found.corrupt && found.value !== null && found.value !== undefined ? found.value : fallback;
  }

  // A checklist's answers in project id: {items, fields, answered} (empty when none or unreadable).
  function answersOf(projectId, checklistId) {
    var value = valueOf(projectId, "checklist:" + checklistId, {});
    var items = isObject(value) && isObject(value.items) ? value.items : {};
    var fields = isObject(value) && isObject(value.fields) ? value.fields : {};
    return { items: items, fields: fields, answered: Object.keys(items).length + Object.keys(fields).length > 0,
             project: Store.findProject(projectId) };
  }

  // Answers to a checklist's items and fields on its page now: each ticked item and each filled field counts once;
  // a field showing a project fact (活動日) is filled when the project holds it.
  function doneCount(answers, checklist) {
    return checklist.schema.sections.reduce(function (count, section) {
      var ticked = (section.items || []).filter(function (item) { return isObject(answers.items[item.id]); });
      var filled = (section.fields || []).filter(function (field) {
        if (field.project && answers.project && str(answers.project[field.project])) return true;
        var answer = answers.fields[field.id];
        return isObject(answer) && str(answer.value) !== "";
      });
      return count + ticked.length + filled.length;
    }, 0);
  }

  // True when every item of checklist id is ticked and every field filled in project id.
  function checklistComplete(projectId, data, id) {
    var checklist = data.checklists.filter(function (c) { return c.id === id; })[0];
    return !!checklist && doneCount(answersOf(projectId, id), checklist) >= checklist.total;
  }

  // The project's retrospective (the worksheet on the tools page), with every list present.
  function retrospectiveOf(projectId) {
    var value = valueOf(projectId, "retrospective", {});
    value = isObject(value) ? value : {};
    return { project: str(value.project), thanks: str(value.thanks), keep: str(value.keep), carry: str(value.carry),
             results: (Array.isArray(value.results) ? value.results : []).filter(isObject),
             fixes: (Array.isArray(value.fixes) ? value.fixes : []).filter(isObject) };
  }

  // True once the worksheet holds what a retrospective writes: results, thanks, what to keep, a shortfall, what to
  // carry on (a fix added on the project page alone is not a retrospective: fixes come up mid-project too).
  function worksheetStarted(retrospective) {
    var results = retrospective.results.some(function (row) {
      return ["metric", "target", "actual"].some(function (name) { return str(row[name]); });
    });
    var shortfalls = retrospective.fixes.some(function (row) { return str(row.issue); });
    return results || shortfalls || !!(retrospective.thanks || retrospective.keep || retrospective.carry);
  }

  // True once the project's retrospective has begun (the worksheet or the closing checklist holds answers).
  function retrospectiveStarted(project, data) {
    return worksheetStarted(retrospectiveOf(project.id)) || data.checklists.some(function (c) {
      return c.stage === "收尾" && answersOf(project.id, c.id).answered;
    });
  }

  // The stage of a project: 收尾 once its retrospective started or the event date passed; else the first
  // stage whose checklists are not all complete; 執行 when they all are.
  function stageOf(project, data) {
    var phased = data.checklists.filter(function (c) { return c.phase; });
    var past = project.eventDate && project.eventDate < today();
    if (project.archived || past || retrospectiveStarted(project, data)) return "收尾";
    var open = ["啟動", "規劃"].filter(function (stage) {
      return !phased.filter(function (c) { return c.stage === stage; }).every(function (c) {
        return checklistComplete(project.id, data, c.id);
      });
    });
    return open.length ? open[0] : "執行";
  }

  // The meetings saved to a project, by date and time.
  function meetingsOf(projectId) {
    var value = valueOf(projectId, "meetings", {});
    var items = isObject(value) && Array.isArray(value.items) ? value.items.filter(isObject) : [];
    return items.map(function (m) {
      return { id: str(m.id), title: str(m.title) || "會議", date: isDate(m.date) ? m.date : "", start: str(m.start),
               end: str(m.end), minutes: Number(m.minutes) || 0, playbook: str(m.playbook),
               departments: Array.isArray(m.departments) ? m.departments.map(str) : [],
               items: (Array.isArray(m.items) ? m.items : []).filter(isObject),
               preparation: (Array.isArray(m.preparation) ? m.preparation : []).filter(Array.isArray),
               decisions: (Array.isArray(m.decisions) ? m.decisions : []).map(str).filter(Boolean) };
    }).sort(function (a, b) { return (a.date + a.start) < (b.date + b.start) ? -1 : 1; });
  }

  // A fix of the retrospective, the same shape wherever it came from.
  function fixFrom(row, source, index) {
    var text = str(row.measure) || str(row.issue) || str(row.text);
    if (!text) return null;
    var issue = str(row.measure) && str(row.issue) ? str(row.issue) : "";
    return { text: text, issue: issue, owner: str(row.owner), due: isDate(row.due) ? row.due : "",
             done: row.done === true, source: source, index: index };
  }

  // The closing checklist's fixes: each section with a text, a person and a date field gives one.
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
        if (!(section.fields || []).some(function (f) { return f.type === "person"; })) return;
        var fix = fixFrom({ text: pick("text"), owner: pick("person"), due: pick("date") }, c.title, -1);
        if (fix) fixes.push(fix);
      });
    });
    return fixes;
  }

  // Every fix of a project: the retrospective's (ticked done on the project page) and the closing checklist's.
  function fixesOf(projectId, data) {
    return retrospectiveOf(projectId).fixes.map(function (row, index) { return fixFrom(row, "retrospective", index); })
      .filter(Boolean).concat(checklistFixes(projectId, data));
  }

  // "逾期 n 天", "今天到期", "還有 n 天" or "完成" for a fix or a step due on day.
  function dueStatus(done, day) {
    if (done) return { text: "完成", overdue: false };
    if (!day) return { text: "未訂期限", overdue: false };
    var days = daysBetween(today(), day);
    if (days < 0) return { text: "逾期 " + (-days) + " 天", overdue: true };
    return { text: days === 0 ? "今天到期" : "還有 " + days + " 天", overdue: false };
  }

  // The lines of a multi-line answer.
  function lines(text) {
    return str(text).split(/\r\n?|\n/).map(function (line) { return line.trim(); }).filter(Boolean);
  }

  // What a finished project hands to the next one: the retrospective's 「帶到下一個專案」, the closing
  // checklist's 「下次」 answers, and the fixes not done yet.
  function carriedFrom(projectId, data) {
    var found = lines(retrospectiveOf(projectId).carry);
    data.checklists.filter(function (c) { return c.stage === "收尾"; }).forEach(function (c) {
      var answers = answersOf(projectId, c.id);
      c.schema.sections.forEach(function (section) {
        (section.fields || []).filter(function (f) { return f.type === "text" && f.label.indexOf("下次") >= 0; })
          .forEach(function (f) { if (answers.fields[f.id]) found.push(str(answers.fields[f.id].value)); });
      });
    });
    fixesOf(projectId, data).filter(function (fix) { return !fix.done; }).forEach(function (fix) {
      found.push("未完成的改進：" + fix.text + (fix.owner ? "（" + fix.owner + "）" : ""));
    });
    return found.filter(function (line, index) { return line && found.indexOf(line) === index; });
  }

  // "距離活動日還有 n 天" and its relatives; an archived project has ended and counts nothing.
  function countdown(project) {
    if (!project.eventDate) return "";
    if (project.archived) return "已結束";
    var days = daysBetween(today(), project.eventDate);
    if (days > 0) return "距離活動日還有 " + days + " 天";
    return days === 0 ? "今天就是活動日" : "活動日已過 " + (-days) + " 天";
  }

  // The name of department id.
  function departmentName(data, id) {
    var found = data.departments.filter(function (d) { return d.id === id; })[0];
    return found ? found.name : id;
  }

  // Department names of a project, each with its person when the project names one: 銷售部（小林）.
  function departmentNames(project, data) {
    return project.departments.map(function (id) {
      return departmentName(data, id) + (project.people[id] ? "（" + project.people[id] + "）" : "");
    });
  }

  /* ---------- the project calendar (專案總時程): the path's steps placed on D, with the meetings ---------- */

  // The steps the calendar ticks by hand: {"<play>:<index>": true}.
  function tickedSteps(projectId) {
    var value = valueOf(projectId, "steps", {});
    return isObject(value) && isObject(value.done) ? value.done : {};
  }

  // Every dated step of the path on the project's D, plus the meetings, by day: [{key, day, title, who, play,
  // done, meeting}]; empty without a date. A play's steps are done when its checklists are all complete.
  function calendarOf(project, data) {
    if (!project.eventDate) return [];
    var ticked = tickedSteps(project.id);
    var events = [];
    data.path.forEach(function (play) {
      var viaChecklists = play.checklists.length > 0 && play.checklists.every(function (id) {
        return checklistComplete(project.id, data, id);
      });
      play.steps.forEach(function (step, index) {
        if (step.offset === null || step.offset === undefined) return;
        var key = play.id + ":" + index;
        var placed = window.HandbookTools.stepDay(project.eventDate, step.offset, step.mode !== "async");
        events.push({ key: key, day: placed.day, when: step.when + (placed.moved ? "・" + MOVED[placed.moved] : ""),
                      title: step.text,
                      who: departmentName(data, step.owner) + (step.role ? "・" + step.role : ""), play: play,
                      done: viaChecklists || ticked[key] === true, meeting: null });
      });
    });
    meetingsOf(project.id).filter(function (m) { return m.date; }).forEach(function (m) {
      events.push({ key: "meeting:" + m.id, day: m.date, when: "", title: m.title + (m.start ? "（" + m.start + "）" : ""),
                    who: m.departments.map(function (d) { return departmentName(data, d); }).join("、"), play: null,
                    done: m.date < today(), meeting: m });
    });
    return events.sort(function (a, b) { return a.day < b.day ? -1 : a.day > b.day ? 1 : 0; });
  }

  // The calendar as iCalendar events: steps all day, meetings at their time; UIDs fixed per project and step.
  function calendarEvents(project, events) {
    return events.map(function (event) {
      var meeting = event.meeting;
      return { uid: project.id + "-" + event.key.replace(/[^a-z0-9-]+/gi, "-") + "@collaboration-handbook",
               day: event.day, start: meeting ? meeting.start : "", minutes: meeting ? meeting.minutes : 0,
               summary: (event.play ? "【" + event.play.title + "】" : "") + event.title,
               description: [project.name, event.who, event.when].filter(Boolean).join("・") };
    });
  }

  // The next thing to do, {text, href} or null: a date first, then the kickoff meeting, the first open step, the
  // retrospective.
  function nextStep(project, data) {
    if (project.archived) return null;
    var tools = data.pages.tools;
    if (!project.eventDate) return { text: "下一步：填上活動日，總時程才排得出日期", href: "#project-details" };
    var kickoffMet = meetingsOf(project.id).some(function (m) { return m.playbook === KICKOFF; });
    var stage = stageOf(project, data);
    if (stage === "收尾") {
      return worksheetStarted(retrospectiveOf(project.id)) ? null
        : { text: "下一步：開合作總結會，填總結會工作表", href: tools + "#retrospective" };
    }
    if (!kickoffMet) return { text: "下一步：開專案啟動會（排好會議存到專案）", href: tools + "?playbook=" + KICKOFF + "#agenda" };
    var open = calendarOf(project, data).filter(function (e) { return !e.done && e.play; })[0];
    return open ? { text: "下一步：" + open.title + "（" + shortDay(open.day) + "，" + open.play.title + "）", href: open.play.url }
      : null;
  }

  /* ---------- the project bar ---------- */

  // The bar under the header: the current project and a switch, or a way to make the first one.
  function showBar() {
    var bar = document.querySelector(".hb-project-bar");
    if (!bar) bar = buildBar();
    var current = Store.currentProject();
    var list = Store.projects();
    var select = bar.querySelector("select");
    select.replaceChildren.apply(select, (current ? [] : [el("option", { value: "", selected: true, text: "（沒有專案）" })])
      .concat(list.map(function (p) {
        return el("option", { value: p.id, selected: !!current && p.id === current.id,
                              text: p.name + (p.archived ? "（已封存）" : "") });
      })));
    select.hidden = !list.length;
    bar.querySelector("label").hidden = !list.length;
    bar.querySelector(".hb-project-bar__none").hidden = list.length > 0;
    bar.querySelector(".hb-project-bar__archived").hidden = !(current && current.archived);
    var notice = Store.notice();
    if (notice) Store.report(notice);
  }

  // Build the bar once.
  function buildBar() {
    var base = baseUrl();
    var select = el("select", { id: "hb-project-switch", class: "hb-project-bar__switch" });
    select.addEventListener("change", function () { Store.switchProject(select.value); });
    var bar = el("div", { class: "hb-project-bar", role: "region", "aria-label": "目前專案" }, [
      el("div", { class: "hb-project-bar__inner md-grid" }, [
        el("label", { for: "hb-project-switch", text: "目前專案" }), select,
        el("span", { class: "hb-project-bar__none", text: "還沒有專案：檢核表和工具照常可用，答案先存在這台電腦。" }),
        el("span", { class: "hb-project-bar__archived", text: "已封存・唯讀", hidden: true }),
        el("a", { href: base + "projects/project/", text: "專案頁" }),
        el("a", { href: base + "projects/", text: "我的專案" })]),
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

  // The project page's address for project id: opening it makes that project current.
  function projectLink(data, id) {
    return data.pages.project + "?project=" + encodeURIComponent(id);
  }

  // One row of the project table; the name opens the project; each cell names its column for phones.
  function projectRow(root, project, data, current) {
    var actions = el("td", { class: "hb-project-actions" }, [
      project.id === (current && current.id) ? el("strong", { text: "目前專案" }) : null,
      button("以這個專案開新專案", function () { startFrom(root, project, data); })]);
    return el("tr", { "data-project": project.id }, [
      el("th", { scope: "row" }, [el("a", { href: projectLink(data, project.id), text: project.name })]),
      el("td", { "data-label": PROJECT_COLUMNS[1], text: departmentNames(project, data).join("、") || "—" }),
      el("td", { "data-label": PROJECT_COLUMNS[2], text: project.eventDate || "—" }),
      el("td", { "data-label": PROJECT_COLUMNS[3], text: stageOf(project, data) + (project.archived ? "（已封存）" : "") }),
      actions]);
  }

  // The table of every project, or a sentence when there is none yet.
  function showList(root, data) {
    var current = Store.currentProject();
    var list = Store.projects();
    var holder = root.querySelector("[data-project-list]");
    var loose = root.querySelector("[data-project-adopt]");
    if (loose) loose.hidden = !Store.looseKeys().length;
    if (!list.length) return holder.replaceChildren(el("p", { text: "這台電腦上還沒有專案。在下面建立第一個。" }));
    holder.replaceChildren(table("hb-project-table", PROJECT_COLUMNS.concat(["動作"]),
      list.map(function (p) { return projectRow(root, p, data, current); }),
      "你在這台電腦上的專案（" + list.length + " 個）"));
  }

  // Prepare the form to start a new project from a finished one (its carried items and people go along).
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

  // Create the project described by the form, make it current and open its page.
  function createFromForm(root, form, data) {
    var from = form.dataset.from ? Store.findProject(form.dataset.from) : null;
    var adopt = form.elements.adopt && !form.querySelector("[data-project-adopt]").hidden && form.elements.adopt.checked;
    var fields = {
      name: form.elements.name.value, eventDate: form.elements.eventDate.value, target: form.elements.target.value,
      departments: all(form, "input[name=departments]:checked").map(function (box) { return box.value; }),
      people: from ? from.people : {}, from: from ? from.id : null, carried: from ? carriedFrom(from.id, data) : []
    };
    var project = Store.createProject(fields, { adopt: adopt });
    if (!project) return say(root, "專案沒有建立：瀏覽器存不下（原因見頁面上方）。", "error");
    window.location.assign(projectLink(data, project.id) + "&created=1");
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

  // Name, departments and their people, date, target and countdown.
  function summary(project, data) {
    var left = countdown(project);
    var rows = [["參與部門", departmentNames(project, data).join("、") || "（未填）"],
                ["活動日（D）", project.eventDate ? project.eventDate + (left ? "（" + left + "）" : "") : "（未填）"],
                ["目標", project.target || "（未填）"]];
    return el("dl", { class: "hb-project-summary" }, rows.reduce(function (list, row) {
      return list.concat([el("dt", { text: row[0] }), el("dd", { text: row[1] })]);
    }, []));
  }

  // The next step as a box with a link, or nothing when there is none.
  function nextBox(project, data, created) {
    var next = nextStep(project, data);
    if (!next && !created) return null;
    return el("div", { class: "admonition tip hb-next", role: "note" }, [
      created ? el("p", { class: "admonition-title", text: "已建立「" + project.name + "」，它現在是目前專案。" }) : null,
      next ? el("p", {}, [el("a", { href: next.href, class: "hb-next__link", text: next.text })]) : null]);
  }

  // The four stages with the current one marked.
  function stages(project, data) {
    var now = stageOf(project, data);
    return el("ol", { class: "hb-stages" }, data.stages.map(function (stage) {
      return el("li", { class: "hb-stage" + (stage === now ? " hb-stage--current" : ""),
                        "aria-current": stage === now ? "step" : null }, [stage]);
    }));
  }

  // The project's checklists (phases, plus its departments' interest checklists).
  function projectChecklists(project, data) {
    return data.checklists.filter(function (c) { return c.phase || project.departments.indexOf(c.department) >= 0; });
  }

  // The project's checklists with their progress.
  function checklistTable(project, data) {
    return table("hb-project-checklists hb-cards", ["檢核表", "階段", "進度"], projectChecklists(project, data).map(function (c) {
      var answers = answersOf(project.id, c.id);
      var text = answers.answered ? "完成 " + doneCount(answers, c) + " / " + c.total : "尚未開始";
      return el("tr", { "data-checklist": c.id }, [el("th", { scope: "row" }, [el("a", { href: c.url, text: c.title })]),
        el("td", { "data-label": "階段", text: c.stage }),
        el("td", { "data-label": "進度", class: "hb-project-progress", text: text })]);
    }));
  }

  // One step or meeting of the calendar as a list item; overdue ones stand out; steps can be ticked.
  function calendarItem(project, event, rerender) {
    var status = dueStatus(event.done, event.day);
    var tick = null;
    if (event.play) {
      tick = el("input", { type: "checkbox", checked: event.done, disabled: project.archived,
                           "aria-label": "「" + event.title + "」已完成" });
      tick.addEventListener("change", function () {
        var done = Object.assign({}, tickedSteps(project.id));
        if (tick.checked) done[event.key] = true; else delete done[event.key];
        if (Store.save("steps", { done: done })) rerender();
      });
    }
    return el("li", { class: "hb-calendar__item" + (status.overdue ? " hb-overdue" : "") + (event.done ? " hb-done" : "") +
                      (event.meeting ? " hb-calendar__meeting" : ""), "data-step": event.key }, [
      tick, el("time", { datetime: event.day, text: shortDay(event.day) }),
      el("span", { class: "hb-calendar__title" }, [event.meeting ? "會議：" : "",
        event.play ? el("a", { href: event.play.url, text: event.title }) : event.title]),
      el("span", { class: "hb-calendar__who", text: event.who + (event.when ? "・" + event.when : "") }),
      status.overdue ? el("strong", { class: "hb-calendar__late", text: status.text }) : null]);
  }

  // The calendar week by week, each week folded; open: this week, and the weeks with late or the next open steps.
  function calendarWeeks(project, events, rerender) {
    var weeks = [];
    events.forEach(function (event) {
      var monday = mondayOf(event.day);
      if (!weeks.length || weeks[weeks.length - 1].monday !== monday) weeks.push({ monday: monday, events: [] });
      weeks[weeks.length - 1].events.push(event);
    });
    var now = mondayOf(today());
    var next = weeks.filter(function (week) {
      return week.monday >= now && week.events.some(function (e) { return !e.done; });
    })[0];
    return el("div", { class: "hb-calendar__weeks" }, weeks.map(function (week) {
      var late = week.events.filter(function (e) { return dueStatus(e.done, e.day).overdue; }).length;
      var done = week.events.filter(function (e) { return e.done; }).length;
      var label = shortDay(week.monday) + "–" + shortDay(addDays(week.monday, 6)) +
        "・D" + signedDays(daysBetween(project.eventDate, week.monday)) + (week.monday === now ? "・本週" : "");
      var count = week.events.length + " 件" + (done ? "，完成 " + done : "") + (late ? "，" + late + " 件逾期" : "");
      return el("details", { class: "hb-calendar__week" + (week.monday === now ? " hb-calendar__week--now" : "") +
                             (late ? " hb-calendar__week--late" : ""), open: week.monday === now || late > 0 || week === next },
        [el("summary", {}, [el("span", { class: "hb-calendar__range", text: label }), " ",
          el("span", { class: "hb-calendar__count", text: count })]),
        el("ul", { class: "hb-calendar__list" }, week.events.map(function (e) { return calendarItem(project, e, rerender); }))]);
    }));
  }

  // +3 / -21 / ±0 for a number of days.
  function signedDays(n) {
    return n > 0 ? "+" + n : n === 0 ? "±0" : String(n);
  }

  // The whole calendar part: the weeks, what is late, and the calendar file.
  function calendarPart(project, data, root, rerender) {
    if (!project.eventDate) {
      return [el("p", { text: "填上活動日（D）後，路徑上每個劇本的步驟會依 T-n 排在日期上。" })];
    }
    var events = calendarOf(project, data);
    var late = events.filter(function (e) { return dueStatus(e.done, e.day).overdue; }).length;
    return [el("p", { class: "hb-calendar__summary", text: "共 " + events.length + " 件（路徑上劇本的步驟與排定的會議），" +
        (late ? late + " 件逾期。" : "沒有逾期。") + "今天是 " + shortDay(today()) + "。" }),
      button("下載總時程行事曆檔（.ics）", function () {
        var T = window.HandbookTools;
        var ics = T.calendarIcs(calendarEvents(project, events), { now: new Date(), name: project.name + " 專案總時程",
          edition: document.documentElement.lang === "zh-Hans" ? "zh-Hans" : "zh-Hant" });
        download(fileName(project, "總時程", ".ics"), ics, "text/calendar;charset=utf-8");
        say(root, "已下載行事曆檔：再匯入一次會更新同一批事件，不會重複。", "info");
      }, { "data-action": "calendar-ics" }),
      calendarWeeks(project, events, rerender)];
  }

  // The meetings saved to the project, past ones marked; each can be removed.
  function meetingList(project, data, rerender) {
    var meetings = meetingsOf(project.id);
    var plan = el("a", { href: data.pages.tools + "#agenda", text: "用會議規劃工具排一場會議，按「存到專案」" });
    if (!meetings.length) return [el("p", {}, ["還沒有排會議。", plan, "，就會出現在這裡。"])];
    return [el("ul", { class: "hb-project-meetings" }, meetings.map(function (m) {
      var past = m.date && m.date < today();
      var remove = project.archived ? null : button("刪除", function () {
        if (!window.confirm("從專案刪除「" + m.title + "」？")) return;
        var value = valueOf(project.id, "meetings", {});
        value.items = (value.items || []).filter(function (item) { return item.id !== m.id; });
        if (Store.save("meetings", value)) rerender();
      }, { class: "md-button hb-small", "aria-label": "刪除會議「" + m.title + "」" });
      return el("li", { class: past ? "hb-past" : null, "data-meeting": m.id }, [
        el("time", { datetime: m.date, text: (m.date ? shortDay(m.date) : "未定日期") + (m.start ? " " + m.start : "") }),
        " " + m.title + (past ? "（已開）" : "") + (m.departments.length ? "・" + m.departments.map(function (d) {
          return departmentName(data, d);
        }).join("、") : ""), remove]);
    })), el("p", {}, [plan, "，可以再加一場。"])];
  }

  // The retrospective's fixes with owner, due date and status; overdue ones stand out; they can be ticked done.
  function fixTable(project, data, rerender) {
    var fixes = fixesOf(project.id, data);
    var overdue = fixes.filter(function (f) { return dueStatus(f.done, f.due).overdue; }).length;
    var rows = fixes.map(function (fix) {
      var status = dueStatus(fix.done, fix.due);
      var done = fix.source === "retrospective" ? fixDoneBox(project, fix, rerender) : (fix.done ? "已完成" : "");
      return el("tr", { class: status.overdue ? "hb-overdue" : null }, [el("th", { scope: "row", text: fix.text }),
        el("td", { "data-label": "負責", text: fix.owner || "—" }), el("td", { "data-label": "期限", text: fix.due || "—" }),
        el("td", { "data-label": "狀態", class: "hb-fix-status", text: status.text }), el("td", { "data-label": "完成" }, [done])]);
    });
    return [el("p", {}, [el("a", { href: data.pages.tools + "#retrospective", text: "打開總結會工作表" }),
        "：感謝、用資料看成果、做得好的、不足與改進，都存在這個專案。"]),
      el("p", { class: "hb-fix-summary", text: fixes.length ? "共 " + fixes.length + " 項改進事項，" +
        (overdue ? overdue + " 項逾期。" : "沒有逾期。") : "還沒有改進事項。" }),
      fixes.length ? table("hb-project-fixes hb-cards", ["改進事項", "負責", "期限", "狀態", "完成"], rows) : null,
      project.archived ? null : fixForm(project, rerender)];
  }

  // Save a change to the retrospective's fixes (the worksheet shows it too).
  function saveFixes(project, change) {
    var value = valueOf(project.id, "retrospective", {});
    value = isObject(value) ? value : {};
    value.fixes = change((Array.isArray(value.fixes) ? value.fixes : []).slice());
    return Store.save("retrospective", value);
  }

  // A checkbox marking one of the retrospective's fixes done.
  function fixDoneBox(project, fix, rerender) {
    var box = el("input", { type: "checkbox", "aria-label": "「" + fix.text + "」已完成", checked: fix.done,
                            disabled: project.archived });
    box.addEventListener("change", function () {
      var saved = saveFixes(project, function (list) {
        if (isObject(list[fix.index])) list[fix.index] = Object.assign({}, list[fix.index], { done: box.checked });
        return list;
      });
      if (saved) rerender();
    });
    return box;
  }

  // The form adding a fix to the retrospective.
  function fixForm(project, rerender) {
    var field = function (name, label, type) {
      return el("p", { class: "hb-field" }, [el("label", { for: "fix-" + name, text: label }),
        el("input", { id: "fix-" + name, name: name, type: type, required: name === "measure", autocomplete: "off" })]);
    };
    var form = el("form", { class: "hb-fix-form", "aria-label": "新增改進事項" }, [
      field("measure", "改進事項", "text"), field("owner", "負責人", "text"), field("due", "期限", "date"),
      el("button", { type: "submit", class: "md-button", text: "新增改進事項" })]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var row = { issue: "", measure: form.elements.measure.value.trim(), owner: form.elements.owner.value.trim(),
                  due: form.elements.due.value, done: false };
      if (saveFixes(project, function (list) { return list.concat([row]); })) rerender();
    });
    return form;
  }

  // What the retrospective measured: target, actual and the gap of each result.
  function resultsTable(retrospective) {
    var rows = retrospective.results.filter(function (r) { return str(r.metric); }).map(function (r) {
      var target = Number(r.target);
      var actual = Number(r.actual);
      var gap = str(r.target) && str(r.actual) && isFinite(target) && isFinite(actual)
        ? Math.round((actual - target) * 100) / 100 : null;
      return el("tr", { class: gap === null ? null : gap >= 0 ? "hb-met" : "hb-missed" }, [
        el("th", { scope: "row", text: str(r.metric) }), el("td", { text: str(r.target) + str(r.unit) }),
        el("td", { text: str(r.actual) + str(r.unit) }),
        el("td", { text: gap === null ? "—" : (gap > 0 ? "+" : "") + gap + str(r.unit) })]);
    });
    return rows.length ? scrollBox("成果", table("hb-project-results", ["指標", "目標", "實際", "差距"], rows))
      : el("p", { text: "總結會工作表還沒有填成果。" });
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
        download(fileName(project, "專案", ".json"), JSON.stringify(Store.exportProject(project.id), null, 2) + "\n");
        say(root, "已匯出「" + project.name + "」。", "info");
      }, { "data-action": "export-project" }),
      el("a", { class: "md-button", href: data.pages.binder, text: "列印裝訂本" }), archive, deleteButton(project),
      !started && !project.archived ? el("p", { class: "hb-hint", text: "開過總結會（總結會工作表或總結會檢核表開始填）之後才能封存。" }) : null]);
  }

  // A folded form changing the project's name, departments and their people, date and target.
  function detailsForm(project, data) {
    var text = function (name, label, type, value) {
      return el("p", { class: "hb-field" }, [el("label", { for: "edit-" + name, text: label }),
        el("input", { id: "edit-" + name, name: name, type: type, value: value, autocomplete: "off" })]);
    };
    var departments = el("fieldset", { class: "hb-project-form__departments" }, [el("legend", { text: "參與部門與負責人" })]
      .concat(data.departments.map(function (d) {
        return el("p", { class: "hb-project-form__person" }, [
          el("label", { class: "hb-project-form__department" }, [el("input", { type: "checkbox", name: "departments",
            value: d.id, checked: project.departments.indexOf(d.id) >= 0 }), " " + d.name]),
          el("input", { type: "text", name: "person-" + d.id, value: project.people[d.id] || "", maxlength: "40",
                        autocomplete: "off", "aria-label": d.name + "的專案負責人", placeholder: "負責人" })]);
      })));
    var form = el("form", { class: "hb-project-form hb-project-edit" }, [text("name", "專案名稱", "text", project.name),
      departments, text("eventDate", "活動日（D）", "date", project.eventDate),
      text("target", "目標", "text", project.target),
      el("button", { type: "submit", class: "md-button md-button--primary", text: "儲存專案資料" })]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = all(form, "input[name=departments]:checked").map(function (box) { return box.value; });
      var people = {};
      chosen.forEach(function (id) { people[id] = form.elements["person-" + id].value; });
      Store.updateProject(project.id, { name: form.elements.name.value, eventDate: form.elements.eventDate.value,
        target: form.elements.target.value, departments: chosen, people: people });
    });
    return el("details", { class: "hb-project-details", id: "project-details", open: !project.eventDate }, [
      el("summary", { text: "修改專案資料：部門與負責人、活動日、目標" }), form]);
  }

  // Delete the project after the user confirms.
  function deleteButton(project) {
    return button("刪除專案", function () {
      if (window.confirm("刪除「" + project.name + "」和它所有的答案？這無法復原，建議先匯出專案 JSON。")) {
        Store.deleteProject(project.id);
      }
    }, { "data-action": "delete-project", class: "md-button hb-reset" });
  }

  // A view's sentence when there is no project yet.
  function noProject(data) {
    return el("p", { class: "hb-no-project" }, ["還沒有專案。", el("a", { href: data.pages.list, text: "到「我的專案」建立一個" }),
      "：檢核表、會議、總結會都會存在它裡面。"]);
  }

  // Render the current project's page.
  function showProject(root, data) {
    var project = Store.currentProject();
    var page = root.querySelector("[data-project-page]");
    if (!project) return page.replaceChildren(noProject(data));
    var rerender = function () { showProject(root, data); };
    var retrospective = retrospectiveOf(project.id);
    var parts = [
      el("h2", { id: "project-name", class: "hb-project-title", text: project.name + (project.archived ? "（已封存）" : "") }),
      summary(project, data), nextBox(project, data, root.dataset.created === "1"),
      project.archived ? part("成果", "project-results", [resultsTable(retrospective)]) : null,
      project.archived ? null : detailsForm(project, data), projectActions(project, data, root),
      part("專案走到哪裡", "project-stage", [stages(project, data)]),
      part("專案總時程", "project-calendar", calendarPart(project, data, root, rerender)),
      part("檢核表進度", "project-checklists", [checklistTable(project, data)]),
      part("排定的會議", "project-meetings", meetingList(project, data, rerender)),
      part("總結會與改進事項", "project-fixes", fixTable(project, data, rerender))];
    if (project.carried.length) parts.push(part("上一個專案帶過來的事項", "project-carried", carriedList(project)));
    page.replaceChildren.apply(page, parts.filter(Boolean));
  }

  /* ---------- the binder ---------- */

  // The cover: the project, its people, its date and target, where it stands.
  function binderCover(project, data) {
    var people = project.departments.map(function (id) {
      return el("tr", {}, [el("th", { scope: "row", text: departmentName(data, id) }),
                           el("td", { text: project.people[id] || "＿＿＿＿" })]);
    });
    return el("section", { class: "hb-binder__cover" }, [el("p", { class: "hb-binder__kicker", text: "跨部門專案裝訂本" }),
      el("h2", { id: "binder-title", text: project.name }),
      el("dl", { class: "hb-project-summary" }, [el("dt", { text: "活動日（D）" }), el("dd", { text: project.eventDate || "（未填）" }),
        el("dt", { text: "目標" }), el("dd", { text: project.target || "（未填）" }),
        el("dt", { text: "目前階段" }), el("dd", { text: stageOf(project, data) + (project.archived ? "（已封存）" : "") }),
        el("dt", { text: "列印日期" }), el("dd", { text: today() })]),
      people.length ? table("hb-binder__people", ["參與部門", "專案負責人"], people) : el("p", { text: "（還沒有選參與部門）" }),
      el("h3", { text: "專案概況" }), el("ul", { class: "hb-binder__overview" }, overview(project, data).map(function (line) {
        return el("li", { text: line });
      }))]);
  }

  // The project at a glance, for the cover: checklists done, meetings, the calendar, the fixes.
  function overview(project, data) {
    var checklists = projectChecklists(project, data);
    var complete = checklists.filter(function (c) { return checklistComplete(project.id, data, c.id); }).length;
    var started = checklists.filter(function (c) { return answersOf(project.id, c.id).answered; }).length;
    var meetings = meetingsOf(project.id);
    var events = calendarOf(project, data).filter(function (e) { return e.play; });
    var late = events.filter(function (e) { return dueStatus(e.done, e.day).overdue; }).length;
    var fixes = fixesOf(project.id, data);
    var open = fixes.filter(function (f) { return !f.done; }).length;
    return ["檢核表：" + checklists.length + " 份，完成 " + complete + " 份，填寫中 " + (started - complete) + " 份",
            "會議：" + meetings.length + " 場" + (meetings.length ? "（" + meetings.map(function (m) {
              return (m.date || "未定日期") + " " + m.title;
            }).slice(0, 3).join("；") + (meetings.length > 3 ? "…" : "") + "）" : ""),
            "總時程：" + events.length + " 個步驟，完成 " + events.filter(function (e) { return e.done; }).length +
              " 個" + (late ? "，逾期 " + late + " 個" : ""),
            "改進事項：" + fixes.length + " 項，未完成 " + open + " 項"];
  }

  // The calendar as a table of days, steps and who.
  function binderCalendar(project, data) {
    var events = calendarOf(project, data);
    var rows = events.map(function (e) {
      return el("tr", {}, [el("th", { scope: "row", text: e.day + "・" + (e.when || "會議") + (e.done ? "・☑" : "") }),
        el("td", { "data-label": "要做的事", text: (e.play ? "【" + e.play.title + "】" : "") + e.title }),
        el("td", { "data-label": "誰", text: e.who })]);
    });
    return el("section", { class: "hb-binder__part" }, [el("h3", { text: "專案總時程" }), rows.length
      ? table("hb-binder__calendar hb-cards", ["日期・時間點", "要做的事", "誰"], rows)
      : el("p", { text: "（沒有活動日，排不出總時程）" })]);
  }

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
        var answer = field.project && str(project[field.project]) ? { value: project[field.project] } : answers.fields[field.id];
        return list.concat([el("dt", { text: field.label }), el("dd", { text: answer && str(answer.value) ? answer.value : "＿＿＿＿" })]);
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

  // One meeting's agenda: its rows, what each department brings, the decisions to record.
  function binderMeeting(meeting, data) {
    var rows = meeting.items.map(function (item) {
      return el("tr", {}, [el("th", { scope: "row", text: str(item.start) + "（" + str(item.minutes) + " 分鐘）" }),
        el("td", { "data-label": "議題", text: str(item.title) }),
        el("td", { "data-label": "負責", text: item.owner ? departmentName(data, str(item.owner)) : "" })]);
    });
    return el("div", { class: "hb-binder__meeting", "data-meeting": meeting.id }, [
      el("h4", { text: (meeting.date || "未定日期") + (meeting.start ? " " + meeting.start + (meeting.end ? "–" + meeting.end : "") : "") +
        " " + meeting.title }),
      rows.length ? table("hb-binder__agenda hb-cards", ["開始", "議題", "負責"], rows) : null,
      meeting.preparation.length ? el("ul", { class: "hb-binder__prep" }, meeting.preparation.map(function (pair) {
        return el("li", {}, [el("strong", { text: "會前準備・" + departmentName(data, str(pair[0])) + "：" }),
          (Array.isArray(pair[1]) ? pair[1] : []).map(str).join("；")]);
      })) : null,
      meeting.decisions.length ? el("p", { text: "要記錄的決議：" + meeting.decisions.join("；") }) : null]);
  }

  // Every meeting saved to the project.
  function binderMeetings(project, data) {
    var meetings = meetingsOf(project.id);
    return el("section", { class: "hb-binder__part" }, [el("h3", { text: "會議議程" })].concat(meetings.length
      ? meetings.map(function (m) { return binderMeeting(m, data); }) : [el("p", { text: "（沒有排定的會議）" })]));
  }

  // The retrospective: results, thanks, what to keep, fixes and what goes on to the next project.
  function binderRetrospective(project, data) {
    var retrospective = retrospectiveOf(project.id);
    var fixes = fixesOf(project.id, data);
    var carry = carriedFrom(project.id, data);
    var listOf = function (items, none) {
      return items.length ? el("ul", {}, items.map(function (line) { return el("li", { text: line }); })) : el("p", { text: none });
    };
    return el("section", { class: "hb-binder__part hb-binder__retrospective" }, [el("h3", { text: "合作總結" }),
      el("h4", { text: "感謝" }), listOf(lines(retrospective.thanks), "（未填）"),
      el("h4", { text: "成果" }), resultsTable(retrospective),
      el("h4", { text: "做得好、下次照做" }), listOf(lines(retrospective.keep), "（未填）"),
      el("h4", { text: "改進事項" }), listOf(fixes.map(function (f) {
        return (f.issue ? f.issue + " → " : "") + f.text + "｜負責：" + (f.owner || "—") + "｜期限：" + (f.due || "—") +
          "｜" + dueStatus(f.done, f.due).text;
      }), "（沒有改進事項）"),
      el("h4", { text: "帶到下一個專案" }), listOf(carry, "（無）")]);
  }

  // Render the current project's binder: cover, calendar, carried items, checklists, agendas, retrospective.
  function showBinder(root, data) {
    var project = Store.currentProject();
    var binder = root.querySelector("[data-project-binder]");
    if (!project) return binder.replaceChildren(noProject(data));
    var parts = [binderCover(project, data),
      button("列印裝訂本", function () { window.print(); }, { class: "md-button hb-binder__print", "data-action": "print" }),
      binderCalendar(project, data)];
    if (project.carried.length) parts.push(el("section", { class: "hb-binder__part" }, [el("h3", { text: "上一個專案帶過來的事項" })].concat(carriedList(project))));
    parts = parts.concat(projectChecklists(project, data).map(function (c) { return binderChecklist(project, c); }));
    parts.push(binderMeetings(project, data));
    parts.push(binderRetrospective(project, data));
    binder.replaceChildren.apply(binder, parts);
  }

  /* ---------- the kickoff checklist: carried items ---------- */

  // Above the kickoff checklist, the items the current project carried over from the one before.
  function showCarriedOnKickoff() {
    var toolbar = document.querySelector("[data-checklist-toolbar='" + KICKOFF + "']");
    if (!toolbar) return;
    var project = Store.currentProject();
    var box = document.querySelector(".hb-carried");
    if (!project || !project.carried.length) return box && box.remove();
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

  // The project named in the page's address (?project=<id>) becomes current; ?created=1 greets it once.
  function openFromAddress(root) {
    var params = new URLSearchParams(window.location.search);
    var id = params.get("project");
    if (id && Store.findProject(id)) Store.switchProject(id);
    if (params.get("created") === "1") root.dataset.created = "1";
    if (id || params.has("created")) window.history.replaceState(null, "", window.location.pathname + window.location.hash);
  }

  // Start one project view once its data (a file beside the page: it lists every checklist) has arrived.
  function startView(root, data) {
    var note = root.querySelector(".hb-noscript-note");
    if (note) note.hidden = true;
    var view = { root: root, data: data, kind: root.getAttribute("data-project-view") };
    if (view.kind === "list") setupList(root, data);
    if (view.kind === "project") openFromAddress(root);
    views.push(view);
    render();
  }

  // The data file's links made whole: they are relative to the file, which the three views share.
  function linkedFrom(data, fileUrl) {
    var whole = function (url) { return new URL(url, fileUrl).href; };
    data.checklists.forEach(function (c) { c.url = whole(c.url); });
    data.path.forEach(function (play) { play.url = whole(play.url); });
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
