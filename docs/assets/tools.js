/*
 * The readers' tools on the 工具 page: meeting planner, retrospective worksheet, stretch target, interest
 * matrix and charter. The forms are in the page (they read and print without JavaScript); this script
 * computes, saves (HandbookStore when the page has it, else localStorage under handbook:v1:) and exports.
 * The arithmetic lives in tools-core.js. Nothing is sent anywhere.
 */
(function () {
  "use strict";
  var T = window.HandbookTools;
  var PREFIX = "handbook:v1:";

  /* ---------- small helpers ---------- */

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /** Where answers are kept: the project-scoped HandbookStore, or this browser's localStorage. */
  function store() {
    if (window.HandbookStore) return window.HandbookStore;
    return {
      load: function (key) {
        try { var raw = localStorage.getItem(PREFIX + key); return raw === null ? null : JSON.parse(raw); }
        catch (error) { return null; }
      },
      save: function (key, value) {
        try { localStorage.setItem(PREFIX + key, JSON.stringify(value)); return true; }
        catch (error) { return false; }
      },
      onChange: function () {},
    };
  }

  function say(form, text) {
    var status = form.querySelector(".hb-status");
    if (status) status.textContent = text;
  }

  function showError(form, text) {
    var message = form.querySelector(".hb-message");
    if (!message) return;
    message.textContent = text || "";
    message.hidden = !text;
  }

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = element("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  /** Copy text to the clipboard (handbook.js, with its fallback for plain-HTTP intranet pages). */
  function copyText(text) { return window.handbookCopy(text); }

  /** Print one tool only (its form), then give the page back. */
  function printTool(form) {
    var root = document.documentElement;
    root.classList.add("hb-print-only");
    form.classList.add("hb-print-target");
    window.addEventListener("afterprint", function done() {
      root.classList.remove("hb-print-only");
      form.classList.remove("hb-print-target");
      window.removeEventListener("afterprint", done);
    });
    window.print();
  }

  function edition() {
    return document.documentElement.lang === "zh-Hans" ? "zh-Hans" : "zh-Hant";
  }

  function checked(form) {
    return all(form, 'input[name="departments"]:checked').map(function (box) { return box.value; });
  }

  function setChecked(form, idents) {
    all(form, 'input[name="departments"]').forEach(function (box) { box.checked = idents.indexOf(box.value) >= 0; });
  }

  function isoDay(date) {
    return date.getFullYear() + "-" + String(date.getMonth() + 1).padStart(2, "0") + "-" +
      String(date.getDate()).padStart(2, "0");
  }

  var WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];

  function dayLabel(day) {
    var parts = day.split("-").map(Number);
    return day + "（週" + WEEKDAYS[new Date(parts[0], parts[1] - 1, parts[2]).getDay()] + "）";
  }

  /* ---------- meeting planner ---------- */

  function request(form) {
    return {
      type: form.elements.type.value, departments: checked(form), minutes: Number(form.elements.minutes.value),
      playbook: form.elements.playbook.value || null, start: form.elements.start.value || "09:00",
      title: form.elements.title.value.trim() || null,
    };
  }

  function agendaTable(data, agenda) {
    var wrap = element("div", null, "hb-scroll");
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", agenda.title + "：議程");
    var table = element("table", null, "hb-agenda__table");
    var head = table.createTHead().insertRow();
    ["開始", "分鐘", "議題", "負責"].forEach(function (name) {
      var th = element("th", name);
      th.scope = "col";
      head.appendChild(th);
    });
    var body = table.createTBody();
    agenda.items.forEach(function (item) {
      var row = body.insertRow();
      [item.start, item.minutes, item.title, T.ownerName(data, item.owner)].forEach(function (value) {
        row.insertCell().textContent = value;
      });
    });
    var end = table.createTFoot().insertRow().insertCell();
    end.colSpan = 4;
    end.textContent = agenda.end + " 結束（共 " + agenda.minutes + " 分鐘）";
    wrap.appendChild(table);
    return wrap;
  }

  function list(items) {
    var ul = element("ul");
    items.forEach(function (text) { ul.appendChild(element("li", text)); });
    return ul;
  }

  function renderAgenda(form, data, agenda, day) {
    var result = form.querySelector(".hb-planner__result");
    result.textContent = "";
    var heading = element("h3", agenda.title, "hb-agenda__title");
    heading.id = "planned-agenda";
    result.appendChild(heading);
    result.appendChild(element("p", (day ? dayLabel(day) + " " : "") + agenda.start + "–" + agenda.end +
      "（台北時間，會議 " + agenda.minutes + " 分鐘）", "hb-agenda__when"));
    result.appendChild(agendaTable(data, agenda));
    if (agenda.outside.length) {
      var total = agenda.outside.reduce(function (sum, w) { return sum + w.minutes; }, 0);
      result.appendChild(element("h4", "會外工作（會前或會後做，不佔會議時間，共 " + total + " 分鐘）"));
      result.appendChild(list(agenda.outside.map(function (w) {
        return w.text + "（" + w.minutes + " 分鐘，" + T.ownerName(data, w.owner) + "）";
      })));
    }
    result.appendChild(element("h4", "各部門會前準備（發給 " + agenda.preparation.length + " 個部門的負責人）"));
    var prep = element("ul", null, "hb-prep");
    agenda.preparation.forEach(function (pair) {
      var item = element("li");
      var person = project() && project().people[pair[0]];
      item.appendChild(element("strong", T.departmentName(data, pair[0]) + (person ? "（" + person + "）" : "")));
      item.appendChild(list(pair[1]));
      prep.appendChild(item);
    });
    result.appendChild(prep);
    result.appendChild(element("h4", "要記錄的決議"));
    result.appendChild(list(agenda.decisions));
  }

  function minimumHint(form, data) {
    var playbook = data.playbooks[form.elements.playbook.value];
    var meeting = data.meetingTypes[form.elements.type.value];
    var live = playbook ? playbook.steps.filter(function (s) { return s.mode === "live" && s.meeting !== false; })
      .reduce(function (sum, s) { return sum + s.minutes; }, 0) : 0;
    form.elements.minutes.min = String(Math.max(meeting ? meeting.minimum : 1, live));
  }

  function plan(form, data) {
    minimumHint(form, data);
    var actions = form.querySelector(".hb-actions");
    try {
      var agenda = T.buildAgenda(data, request(form));
      showError(form, "");
      renderAgenda(form, data, agenda, form.elements.date.value);
      actions.hidden = false;
      return agenda;
    } catch (error) {
      if (!(error instanceof T.AgendaError)) throw error;
      showError(form, error.message);
      form.querySelector(".hb-planner__result").textContent = "";
      actions.hidden = true;
      return null;
    }
  }

  /** The current project, or null (no store, or no project made yet). */
  function project() {
    return window.HandbookStore ? window.HandbookStore.currentProject() : null;
  }

  /** The departments a meeting of the current project prepares: the project's own, when it has chosen some. */
  function projectDepartments(data) {
    var current = project();
    return current ? current.departments.filter(function (d) { return data.departments[d]; }) : [];
  }

  /** The day of a play's first meeting step on the project's date D, or "" when either is unknown. */
  function meetingDay(playbook) {
    var current = project();
    var step = playbook.steps.filter(function (s) { return s.meeting && typeof s.offset === "number"; })[0];
    if (!current || !current.eventDate || !step) return "";
    return T.stepDay(current.eventDate, step.offset, true).day;  // a meeting is never put on a weekend
  }

  function usePlaybook(form, data) {
    var playbook = data.playbooks[form.elements.playbook.value];
    if (!playbook) return;
    var live = playbook.steps.filter(function (s) { return s.mode === "live" && s.meeting !== false; })
      .reduce(function (sum, s) { return sum + s.minutes; }, 0);
    form.elements.type.value = playbook.meeting.type;
    form.elements.minutes.value = String(Math.max(playbook.meeting.minutes, live));
    var own = projectDepartments(data);
    setChecked(form, own.length ? own : playbook.meeting.departments);
    if (meetingDay(playbook)) form.elements.date.value = meetingDay(playbook);
    if (playbook.meeting.start) form.elements.start.value = playbook.meeting.start;
  }

  function prefill(form, params) {
    ["type", "playbook", "minutes", "start", "date", "title"].forEach(function (name) {
      if (params.has(name) && form.elements[name]) form.elements[name].value = params.get(name);
    });
    if (params.has("departments")) setChecked(form, params.get("departments").split(","));
  }

  /** A download's name: the current project (when there is one), what it is, and the day (handbook.js). */
  function exportName(what, suffix, day) {
    return window.handbookFileName([project() ? project().name : "", what], suffix, day);
  }

  function fileName(agenda, day, suffix) {
    return exportName(agenda.title + "-" + agenda.start.replace(":", ""), suffix, day);
  }

  function onPlannerAction(form, data, action) {
    var agenda = plan(form, data);
    if (!agenda) return;
    var day = form.elements.date.value;
    if (action === "copy") {
      copyText(T.agendaText(data, agenda, day)).then(function () { say(form, "已複製到剪貼簿"); },
        function () { say(form, "無法複製，請改用下載"); });
    } else if (action === "markdown") {
      download(fileName(agenda, day, ".md"), T.agendaMarkdown(data, agenda, day), "text/markdown;charset=utf-8");
      say(form, "已下載 Markdown");
    } else if (action === "ics") {
      try {
        var ics = T.agendaIcs(data, agenda, day, { uid: T.uuid(window.crypto) + "@collaboration-handbook",
          now: new Date(), edition: edition() });
        download(fileName(agenda, day, ".ics"), ics, "text/calendar;charset=utf-8");
        say(form, "已下載行事曆檔，開啟它即可加入行事曆");
      } catch (error) {
        if (!(error instanceof T.AgendaError)) throw error;
        showError(form, error.message);
      }
    } else if (action === "print") {
      printTool(form);
    } else if (action === "save") {
      saveMeeting(form, agenda, day);
    }
  }

  /** The planned meeting as the project keeps it (the agenda, each department's preparation, the decisions). */
  function meetingRecord(form, agenda, day) {
    return { id: "m" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6), title: agenda.title,
             playbook: form.elements.playbook.value || "", type: agenda.meetingType, date: day, start: agenda.start,
             end: agenda.end, minutes: agenda.minutes, departments: agenda.departments.slice(),
             items: agenda.items.map(function (i) { return { start: i.start, minutes: i.minutes, title: i.title, owner: i.owner }; }),
             preparation: agenda.preparation.map(function (pair) { return [pair[0], pair[1].slice()]; }),
             decisions: agenda.decisions.slice() };
  }

  /** Save the meeting into the current project (a new one when there is none: the person names it). A meeting of
   * the same title on the same day and time is replaced, not doubled. */
  function saveMeeting(form, agenda, day) {
    var Store = window.HandbookStore;
    if (!Store) return say(form, "這個頁面無法存到專案；請用下載");
    if (!day) return showError(form, "請先選會議日期，再存到專案");
    var current = Store.currentProject();
    if (!current) {
      var name = window.prompt("還沒有專案。這場會議要存進新專案，專案名稱是？", "");
      if (name === null || !name.trim()) return say(form, "沒有存：需要一個專案名稱");
      current = Store.createProject({ name: name, departments: agenda.departments }, { adopt: true });
      if (!current) return say(form, "沒有存：瀏覽器存不下");
    }
    var saved = Store.load("meetings");
    var items = saved && Array.isArray(saved.items) ? saved.items : [];
    var record = meetingRecord(form, agenda, day);
    items = items.filter(function (m) { return !(m.title === record.title && m.date === record.date && m.start === record.start); });
    if (!Store.save("meetings", { items: items.concat([record]) })) return say(form, "沒有存到專案（原因見頁面上方）");
    say(form, "已存到專案「" + current.name + "」：專案頁的總時程與裝訂本都看得到這場會議。");
    showProjectLine(form);
  }

  /** Above the planner: which project a saved meeting goes to. */
  function showProjectLine(form) {
    var line = form.querySelector(".hb-planner__project");
    if (!line) return;
    var current = project();
    line.textContent = current ? "目前專案：「" + current.name + "」。部門、日期與負責人照專案預先填好；按「存到專案」會排進它的總時程。"
      : "還沒有專案：按「存到專案」時會請你替新專案取名。";
  }

  function tomorrow() {
    var day = new Date();
    day.setDate(day.getDate() + 1);
    return isoDay(day);
  }

  // The playbooks to plan from, phase by phase, as the data file lists them (the page does not: one option per
  // playbook made the tools page grow with the handbook).
  function fillPlaybooks(form, data) {
    var select = form.elements.playbook;
    Object.keys(data.playbooks).forEach(function (slug) {
      var option = element("option", data.playbooks[slug].title);
      option.value = slug;
      select.appendChild(option);
    });
  }

  function setupPlanner(form, data) {
    fillPlaybooks(form, data);
    form.elements.date.value = tomorrow();
    var own = projectDepartments(data);
    if (!checked(form).length) {
      setChecked(form, own.length ? own : ["operations", "sales"].filter(function (d) { return data.departments[d]; }));
    }
    var params = new URLSearchParams(window.location.search);
    prefill(form, params);
    if (params.has("playbook") && !params.has("departments")) usePlaybook(form, data);
    showProjectLine(form);
    form.addEventListener("change", function (event) {
      if (event.target.name === "playbook") usePlaybook(form, data);
      plan(form, data);
    });
    form.addEventListener("input", function () { plan(form, data); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (button) onPlannerAction(form, data, button.getAttribute("data-action"));
    });
    plan(form, data);
  }

  /* ---------- retrospective worksheet ---------- */

  var RETRO_KEY = "retrospective"; // the current project's retrospective (the project page reads its fixes)

  function rowValues(form, selector) {
    return all(form, selector + " tr[data-row]").map(function (row) {
      var values = {};
      all(row, "input").forEach(function (input) { values[input.name] = input.value; });
      return values;
    });
  }

  function gap(row) {
    if (row.target === "" || row.actual === "" || row.target === undefined || row.actual === undefined) return null;
    var target = Number(row.target);
    var actual = Number(row.actual);
    if (!Number.isFinite(target) || !Number.isFinite(actual)) return null;
    return T.round2(actual - target);
  }

  /** The worksheet's answers; each fix keeps the done mark the project page gave it. */
  function collectWorksheet(form, saved) {
    var before = saved && Array.isArray(saved.fixes) ? saved.fixes : [];
    return {
      project: form.elements.project.value, results: rowValues(form, ".hb-worksheet__results"),
      thanks: form.elements.thanks.value, keep: form.elements.keep.value,
      fixes: rowValues(form, ".hb-worksheet__fixes").map(function (fix, i) {
        return Object.assign(fix, { done: !!(before[i] && before[i].done === true) });
      }), carry: form.elements.carry.value,
    };
  }

  function addRow(form, selector) {
    var body = form.querySelector(selector + " tbody");
    var last = body.querySelector("tr[data-row]:last-child");
    var row = last.cloneNode(true);
    var number = body.rows.length + 1;
    all(row, "input").forEach(function (input) {
      input.value = "";
      input.setAttribute("aria-label", input.getAttribute("aria-label").replace(/\d+$/, number));
    });
    all(row, "output").forEach(function (output) { output.textContent = "—"; });
    body.appendChild(row);
    return row;
  }

  function fillRows(form, selector, rows) {
    var body = form.querySelector(selector + " tbody");
    while (body.rows.length < rows.length) addRow(form, selector);
    all(body, "tr[data-row]").forEach(function (row, i) {
      all(row, "input").forEach(function (input) { input.value = (rows[i] && rows[i][input.name]) || ""; });
    });
  }

  function showGaps(form) {
    all(form, ".hb-worksheet__results tr[data-row]").forEach(function (row) {
      var values = {};
      all(row, "input").forEach(function (input) { values[input.name] = input.value; });
      var value = gap(values);
      var output = row.querySelector("output");
      output.textContent = value === null ? "—" : T.signed(value) + (values.unit || "");
      row.classList.toggle("hb-met", value !== null && value >= 0);
      row.classList.toggle("hb-missed", value !== null && value < 0);
    });
  }

  function fillWorksheet(form, saved) {
    saved = saved || {};
    ["project", "thanks", "keep", "carry"].forEach(function (name) { form.elements[name].value = saved[name] || ""; });
    if (!form.elements.project.value && project()) form.elements.project.value = project().name;
    fillRows(form, ".hb-worksheet__results", saved.results || []);
    fillRows(form, ".hb-worksheet__fixes", saved.fixes || []);
    showGaps(form);
  }

  function cell(text) { return T.markdownInline(text || "") || " "; }

  /** The worksheet as Markdown in the article's order; every answer is made inert (no forged lines). */
  function worksheetMarkdown(sheet) {
    var lines = ["# 合作總結：" + (T.markdownInline(sheet.project) || "（未命名專案）"), "", "## 一、感謝", ""];
    lines = lines.concat(T.markdownItems(sheet.thanks), ["", "## 二、用資料看成果", "",
      "| 指標 | 目標 | 實際 | 差距 |", "| --- | --- | --- | --- |"]);
    sheet.results.filter(function (r) { return r.metric || r.target || r.actual; }).forEach(function (r) {
      var value = gap(r);
      lines.push("| " + cell(r.metric) + " | " + cell(r.target) + cell(r.unit).trim() + " | " + cell(r.actual) +
        cell(r.unit).trim() + " | " + (value === null ? "—" : T.signed(value) + cell(r.unit).trim()) + " |");
    });
    lines = lines.concat(["", "## 三、做得好、下次照做的地方", ""], T.markdownItems(sheet.keep),
      ["", "## 四、不足與改進措施", "", "| 不足 | 改進措施 | 負責人 | 期限 |", "| --- | --- | --- | --- |"]);
    sheet.fixes.filter(function (f) { return f.issue || f.measure; }).forEach(function (f) {
      lines.push("| " + [f.issue, f.measure, f.owner, f.due].map(cell).join(" | ") + " |");
    });
    lines = lines.concat(["", "## 五、帶到下一個專案啟動會", ""], T.markdownItems(sheet.carry, "- [ ] "));
    return lines.join("\n") + "\n";
  }

  function setupWorksheet(form) {
    var keep = store();
    fillWorksheet(form, keep.load(RETRO_KEY));
    form.querySelector(".hb-actions").hidden = false;
    form.addEventListener("input", function () {
      showGaps(form);
      if (keep.save(RETRO_KEY, collectWorksheet(form, keep.load(RETRO_KEY))) === false) say(form, "無法儲存（原因見頁面上方）");
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      var action = button.getAttribute("data-action");
      if (action === "add-result") addRow(form, ".hb-worksheet__results").querySelector("input").focus();
      if (action === "add-fix") addRow(form, ".hb-worksheet__fixes").querySelector("input").focus();
      if (action === "markdown") {
        download(window.handbookFileName([form.elements.project.value, "合作總結"], ".md"),
                 worksheetMarkdown(collectWorksheet(form, keep.load(RETRO_KEY))), "text/markdown;charset=utf-8");
        say(form, "已匯出 Markdown");
      }
      if (action === "print") printTool(form);
      if (action === "clear" && window.confirm("清除這份工作表的所有答案？")) {
        fillWorksheet(form, null);
        keep.save(RETRO_KEY, collectWorksheet(form, null));
        say(form, "已清除");
      }
    });
    keep.onChange(function () { fillWorksheet(form, keep.load(RETRO_KEY)); });
  }

  /* ---------- stretch target ---------- */

  var STRETCH_KEY = "stretch"; // the current project's three numbers

  function setupStretch(form) {
    var keep = store();
    var result = form.querySelector(".hb-stretch-tool__result");
    function fill() {
      var saved = keep.load(STRETCH_KEY);
      ["market", "past", "target"].forEach(function (name) {
        if (saved && typeof saved[name] === "string") form.elements[name].value = saved[name];
      });
    }
    function show() {
      result.textContent = "";
      var values = ["market", "past", "target"].map(function (name) {
        var raw = form.elements[name].value;
        return raw === "" ? NaN : Number(raw);
      });
      try {
        var target = T.stretchTarget(values[0], values[1], values[2]);
        var rows = [["要挑戰的幅度", target.stretchPoints + " 個百分點（" + values[2] + " − " + values[1] + "）"],
          ["目標達成率", target.targetRate + "%（" + values[0] + "% + " + values[2] + " 個百分點）"],
          ["照過去表現的預期", target.expectedRate + "%（" + values[0] + "% + " + values[1] + " 個百分點）"]];
        var table = element("table", null, "hb-table");
        var body = table.createTBody();
        rows.forEach(function (pair) {
          var row = body.insertRow();
          var th = element("th", pair[0]);
          th.scope = "row";
          row.appendChild(th);
          row.insertCell().appendChild(element("strong", pair[1]));
        });
        result.appendChild(table);
      } catch (error) {
        if (!(error instanceof T.AgendaError)) throw error;
        result.appendChild(element("p", error.message, "hb-message"));
      }
    }
    form.addEventListener("input", function () {
      show();
      keep.save(STRETCH_KEY, { market: form.elements.market.value, past: form.elements.past.value,
                               target: form.elements.target.value });
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    keep.onChange(function () { fill(); show(); });
    fill();
    show();
  }

  /* ---------- interest matrix and charter ---------- */

  var MATRIX_KEY = "interests"; // the current project's interest matrix and charter; its owners are the project's people
  var CHARTER_FIELDS = [["platform", "唯一的溝通平台"], ["urgent", "急事怎麼找人"], ["cadence", "固定面對面時間"],
    ["response", "回覆時限"]];

  function collectMatrix(form) {
    var values = { departments: checked(form), owners: {} };
    all(form, 'input[name^="owner-"]').forEach(function (input) { values.owners[input.name.slice(6)] = input.value; });
    CHARTER_FIELDS.forEach(function (pair) { values[pair[0]] = form.elements[pair[0]].value; });
    return values;
  }

  function showMatrix(form) {
    var chosen = checked(form);
    all(form, "[data-department]").forEach(function (card) {
      card.hidden = chosen.indexOf(card.getAttribute("data-department")) < 0;
    });
  }

  function fillMatrix(form, saved) {
    var current = project();
    if (!saved && current && current.departments.length) saved = { departments: current.departments, owners: {} };
    if (saved && current) saved = Object.assign({}, saved, { owners: Object.assign({}, saved.owners, current.people) });
    if (saved) {
      setChecked(form, saved.departments || []);
      all(form, 'input[name^="owner-"]').forEach(function (input) {
        input.value = (saved.owners || {})[input.name.slice(6)] || "";
      });
      CHARTER_FIELDS.forEach(function (pair) {
        if (saved[pair[0]] !== undefined) form.elements[pair[0]].value = saved[pair[0]];
      });
    }
    showMatrix(form);
  }

  function matrixMarkdown(form, data) {
    var values = collectMatrix(form);
    var lines = ["# 部門利益矩陣與溝通章程", "", "## 溝通章程", ""];
    CHARTER_FIELDS.forEach(function (pair) { lines.push("- " + pair[1] + "：" + (T.markdownInline(values[pair[0]]) || "（未填）")); });
    lines.push("", "## 部門利益矩陣", "");
    values.departments.forEach(function (ident) {
      var department = data.departments[ident];
      lines.push("### " + department.name, "", "- 專案負責人：" + (T.markdownInline(values.owners[ident]) || "（未填）"),
        "- 在乎什麼：" + department.interests.join("；"), "- 合作能得到什麼：" + department.gains.join("；"),
        "- 能貢獻什麼：" + department.contributions.join("；"), "");
    });
    return lines.join("\n");
  }

  function setupMatrix(form, data) {
    var keep = store();
    fillMatrix(form, keep.load(MATRIX_KEY));
    form.querySelector(".hb-actions").hidden = false;
    form.addEventListener("input", function (event) {
      showMatrix(form);
      var values = collectMatrix(form);
      keep.save(MATRIX_KEY, values);
      var current = project();
      if (current && !current.archived && /^owner-/.test(event.target.name || "")) {
        window.HandbookStore.updateProject(current.id, { people: Object.assign({}, current.people, values.owners) });
      }
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      if (button.getAttribute("data-action") === "markdown") {
        download(exportName("部門利益矩陣與溝通章程", ".md"), matrixMarkdown(form, data),
                 "text/markdown;charset=utf-8");
        say(form, "已匯出 Markdown");
      }
      if (button.getAttribute("data-action") === "print") printTool(form);
    });
    keep.onChange(function () { fillMatrix(form, keep.load(MATRIX_KEY)); });
  }

  /* ---------- start ---------- */

  function start(data) {
    document.documentElement.classList.add("hb-tools-ready");
    all(document, 'form[data-tool="meeting"]').forEach(function (form) { setupPlanner(form, data); });
    all(document, 'form[data-tool="retrospective"]').forEach(setupWorksheet);
    all(document, 'form[data-tool="stretch"]').forEach(setupStretch);
    all(document, 'form[data-tool="matrix"]').forEach(function (form) { setupMatrix(form, data); });
  }

  var source = document.querySelector("[data-tool][data-src]");
  if (!T || !source) return;
  fetch(source.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(start, function () { showError(source, "工具資料載入失敗，請重新整理頁面"); });

  window.HandbookWorksheet = { markdown: worksheetMarkdown };
})();
