/*
 * HandbookStore: every answer saved in this browser, kept per project (我的專案). No dependencies, no server.
 *
 * Schema (version 2), all in localStorage:
 *   "handbook:v2:projects"          {"version":2,"current":"<project id>","projects":[<project>…]}
 *       <project> = {"id","name","departments":[…],"eventDate":"YYYY-MM-DD"|"","target":"…","archived":false,
 *                    "created":"<ISO>","from":"<project id>"|null,"carried":["…"]}
 *   "handbook:v2:p:<project>:<key>" {"version":2,"updated":"<ISO>","value":<any JSON>}
 * Keys in use: "checklist:<id>" (value {"items":{"<id>":{"label"}},"fields":{"<id>":{"value","label"}},"done","filled"};
 * done and filled: the ticked items and answered fields on the page at the last save, see checklist.js),
 * "planner:…" (meeting planner), "retro:…" (retrospective worksheet), "fixes" (the project page's fixes).
 *
 * Earlier versions, migrated into a first project on the first visit, nothing dropped:
 *   version 1: "handbook:checklist:<id>" {"version":1,"checklist","updated","items":{"<id>":true},"fields":{"<id>":"…"}}
 *              "handbook:v1:<key>" (the tools' own fallback when this script was missing), any JSON.
 * A value that cannot be read is carried over as it is, so the page that owns it sets it aside and says so.
 *
 * An imported project file is untrusted: importProblem checks all of it (project id, every text, list and entry
 * against LIMITS, entry keys) before importProject writes anything, so a refused file leaves localStorage as it was.
 *
 * API (window.HandbookStore): load(key), save(key, value), remove(key), entry(key), keys(prefix),
 * onChange(callback), currentProject(), projects(), createProject(fields), switchProject(id),
 * updateProject(id, changes), deleteProject(id), exportProject(id), importProject(data), report(text), setAside(key),
 * readOnly(), readOnlyReason(), lastReport().
 */
(function () {
  "use strict";

  var VERSION = 2;
  var ROOT = "handbook:v2:";
  var META = ROOT + "projects";
  var V1_CHECKLIST = "handbook:checklist:";
  var V1_TOOLS = "handbook:v1:";
  var FORMAT = "handbook-project";
  var FIRST_NAME = "我的第一個專案";
  var listeners = [];
  var readOnlyReason = "";

  /* ---------- the browser's storage ---------- */

  // localStorage if the browser lets this page use it (privacy mode and policies may refuse), tried once.
  function probeStorage() {
    try {
      var probe = ROOT + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }
  var available = probeStorage();

  // localStorage, or null when the browser refuses it.
  function storage() {
    return available;
  }

  // Parse JSON text, returning undefined instead of throwing.
  function parseJSON(text) {
    try {
      return JSON.parse(text);
    } catch (error) {
      return undefined;
    }
  }

  // True for a plain {…} object.
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // True when error is the browser saying its storage is full.
  function isQuota(error) {
    return !!error && (error.name === "QuotaExceededError" || error.code === 22 || error.code === 1014);
  }

  // Write raw text; on failure tell the user (quota or refusal) and return false.
  function write(key, text) {
    var store = storage();
    if (!store) return report("這個瀏覽器不允許儲存資料：可以填寫和匯出，但關閉頁面後答案不會保留。"), false;
    try {
      store.setItem(key, text);
      return true;
    } catch (error) {
      report(isQuota(error) ? "瀏覽器的儲存空間滿了，剛才的變更沒有存下來。請先匯出專案備份，再刪除不需要的專案。"
        : "瀏覽器拒絕儲存，剛才的變更沒有存下來；請先匯出。");
      return false;
    }
  }

  // Every localStorage key starting with prefix.
  function storedKeys(prefix) {
    var store = storage();
    if (!store) return [];
    var found = [];
    for (var i = 0; i < store.length; i += 1) {
      var key = store.key(i);
      if (key && key.indexOf(prefix) === 0) found.push(key);
    }
    return found.sort();
  }

  // Show a storage problem to the user in the project bar's alert; kept until the bar exists to show it.
  function report(text) {
    lastReport = text;
    var alert = document.querySelector(".hb-project-bar__alert");
    if (!alert) return;
    alert.textContent = text;
    alert.hidden = !text;
  }
  var lastReport = "";

  /* ---------- projects ---------- */

  // A fresh project id (time + random, readable in exports).
  function newId() {
    return "p" + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  }

  // A project with every field present and of the right type.
  function cleanProject(data) {
    var text = function (value, limit) { return typeof value === "string" ? value.slice(0, limit) : ""; };
    return {
      id: text(data.id, 40) || newId(),
      name: text(data.name, 60).trim() || "未命名專案",
      departments: Array.isArray(data.departments) ? data.departments.filter(function (d) {
        return typeof d === "string";
      }) : [],
      eventDate: /^\d{4}-\d{2}-\d{2}$/.test(data.eventDate) ? data.eventDate : "",
      target: text(data.target, 200),
      archived: data.archived === true,
      created: text(data.created, 40) || new Date().toISOString(),
      from: typeof data.from === "string" ? data.from : null,
      carried: Array.isArray(data.carried) ? data.carried.filter(function (c) { return typeof c === "string"; }) : []
    };
  }

  // The projects record {version, current, projects}; a first project is made when there is none.
  function meta() {
    var store = storage();
    var data = store ? parseJSON(store.getItem(META)) : undefined;
    if (isObject(data) && data.version === VERSION && Array.isArray(data.projects) && data.projects.length) {
      var projects = data.projects.filter(isObject).map(cleanProject);
      var current = projects.some(function (p) { return p.id === data.current; }) ? data.current : projects[0].id;
      return { version: VERSION, current: current, projects: projects };
    }
    if (!metaMemory) metaMemory = { version: VERSION, current: "", projects: [] };
    if (!metaMemory.projects.length) {
      var first = cleanProject({ name: FIRST_NAME });
      metaMemory = { version: VERSION, current: first.id, projects: [first] };
    }
    return metaMemory;
  }
  var metaMemory = null; // used only while the browser refuses storage

  // Save the projects record.
  function saveMeta(data) {
    metaMemory = data;
    if (readOnlyReason) return report(readOnlyReason), false;
    return write(META, JSON.stringify(data));
  }

  // The current project.
  function currentProject() {
    var data = meta();
    return data.projects.filter(function (p) { return p.id === data.current; })[0];
  }

  // All projects, newest first.
  function projects() {
    return meta().projects.slice().sort(function (a, b) { return a.created < b.created ? 1 : -1; });
  }

  // The project with id, or null.
  function findProject(id) {
    return meta().projects.filter(function (p) { return p.id === id; })[0] || null;
  }

  // Add a project and make it current; returns it, or null when it could not be saved.
  function createProject(fields) {
    var data = meta();
    var project = cleanProject(Object.assign({}, fields, { id: newId(), created: new Date().toISOString() }));
    data.projects.push(project);
    data.current = project.id;
    if (!saveMeta(data)) return null;
    announce({ key: null, switched: true });
    return project;
  }

  // Change fields of project id (name, departments, eventDate, target, archived, carried).
  function updateProject(id, changes) {
    var data = meta();
    var index = data.projects.map(function (p) { return p.id; }).indexOf(id);
    if (index < 0) return false;
    data.projects[index] = cleanProject(Object.assign({}, data.projects[index], changes, { id: id }));
    if (!saveMeta(data)) return false;
    announce({ key: null, switched: id === data.current });
    return true;
  }

  // Make project id the current one.
  function switchProject(id) {
    var data = meta();
    if (!findProject(id) || data.current === id) return data.current === id;
    data.current = id;
    if (!saveMeta(data)) return false;
    announce({ key: null, switched: true });
    return true;
  }

  // Delete project id and every answer saved in it; another project becomes current (a blank one if none is left).
  function deleteProject(id) {
    var data = meta();
    var store = storage();
    data.projects = data.projects.filter(function (p) { return p.id !== id; });
    if (!data.projects.length) data.projects.push(cleanProject({ name: FIRST_NAME }));
    if (data.current === id) data.current = data.projects[0].id;
    if (!saveMeta(data)) return false;
    if (store) storedKeys(entryKey(id, "")).forEach(function (key) { store.removeItem(key); });
    announce({ key: null, switched: true });
    return true;
  }

  /* ---------- entries of the current project ---------- */

  // The localStorage key of one entry of a project.
  function entryKey(projectId, key) {
    return ROOT + "p:" + projectId + ":" + key;
  }

  // One entry of the current project: {value, updated} | {corrupt: true, raw} | null when none.
  function entry(key, projectId) {
    var store = storage();
    var raw = store ? store.getItem(entryKey(projectId || currentProject().id, key)) : null;
    if (raw === null) return null;
    var data = parseJSON(raw);
    if (!isObject(data) || data.version !== VERSION || !("value" in data)) return { corrupt: true, raw: raw };
    return { value: data.value, updated: typeof data.updated === "string" ? data.updated : null };
  }

  // The saved value under key in the current project, or null.
  function load(key) {
    var found = entry(key);
    return found && !found.corrupt ? found.value : null;
  }

  // Save value under key in the current project; false (after telling the user) when it could not be saved.
  function save(key, value) {
    var project = currentProject();
    if (readOnlyReason) return report(readOnlyReason), false;
    if (project.archived) return report("「" + project.name + "」已封存，是唯讀的；要修改請先到專案頁重新開啟。"), false;
    var body = JSON.stringify({ version: VERSION, updated: new Date().toISOString(), value: value });
    return write(entryKey(project.id, key), body);
  }

  // Remove key from the current project.
  function remove(key) {
    var store = storage();
    if (store) store.removeItem(entryKey(currentProject().id, key));
  }

  // Move an unreadable entry aside so it is not lost; returns the new localStorage key or null.
  function setAside(key) {
    var store = storage();
    var from = entryKey(currentProject().id, key);
    var aside = from + ":corrupt:" + new Date().toISOString();
    try {
      store.setItem(aside, store.getItem(from));
    } catch (error) {
      aside = null; // storage full: dropped rather than blocking the page
    }
    store.removeItem(from);
    return aside;
  }

  // The keys (without the project prefix) of the current project's entries that start with prefix.
  function keys(prefix, projectId) {
    var head = entryKey(projectId || currentProject().id, "");
    return storedKeys(head + (prefix || "")).map(function (k) { return k.slice(head.length); })
      .filter(function (k) { return k.indexOf(":corrupt:") < 0; });
  }

  /* ---------- other tabs ---------- */

  // Register callback({key, switched}); it runs on changes from other tabs and on project switches.
  function onChange(callback) {
    if (listeners.indexOf(callback) < 0) listeners.push(callback);
  }

  // Tell every listener about a change.
  function announce(change) {
    listeners.slice().forEach(function (callback) {
      try { callback(change); } catch (error) { window.console && window.console.error(error); }
    });
  }

  // A change made in another tab: the project list, or an entry of the current project.
  function onStorage(event) {
    if (event.storageArea && event.storageArea !== window.localStorage) return;
    if (event.key === null || event.key === META) return announce({ key: null, switched: true });
    var head = entryKey(currentProject().id, "");
    if (event.key.indexOf(head) === 0) announce({ key: event.key.slice(head.length), switched: false });
  }

  /* ---------- export and import of a whole project ---------- */

  // Project id and all its entries as one JSON-ready object.
  function exportProject(id) {
    var project = findProject(id || currentProject().id);
    var entries = {};
    keys("", project.id).forEach(function (key) {
      var found = entry(key, project.id);
      entries[key] = found.corrupt ? { corrupt: found.raw } : { updated: found.updated, value: found.value };
    });
    return { format: FORMAT, version: VERSION, exported: new Date().toISOString(), project: project, entries: entries };
  }

  /* ---------- what an imported file may hold (checked whole before anything is written) ---------- */

  // A project id (newId makes "p" + base 36) or a department id: no ":", so one project's keys never reach another's.
  var CODE = /^[a-z0-9-]{1,40}$/;
  // An entry key as the pages write them: "checklist:<id>", "planner:<name>", "retro:<name>", "tools:<name>", "fixes".
  var ENTRY_KEY = /^[a-z0-9][a-z0-9_.-]*(:[a-z0-9][a-z0-9_.-]*)*$/i;
  var LIMITS = { entries: 500, key: 120, text: 100000, list: 1000, depth: 20, total: 1024 * 1024 };
  var EXPORT_FIELDS = ["format", "version", "exported", "project", "entries"];

  // A check that lets a missing field pass.
  function optional(check) {
    return function (value) { return value === undefined ? "" : check(value); };
  }

  // A check that lets null pass.
  function nullOr(check) {
    return function (value) { return value === null ? "" : check(value); };
  }

  // "" for a project or department id, else what is wrong with it.
  function code(value) {
    return typeof value === "string" && CODE.test(value) ? "" : "格式不對";
  }

  // "" for "" or a YYYY-MM-DD date, else what is wrong with it.
  function date(value) {
    return value === "" || (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) ? "" : "格式不對";
  }

  // "" for true or false, else what is wrong with it.
  function yesNo(value) {
    return typeof value === "boolean" ? "" : "格式不對";
  }

  // A check for text of at most limit characters.
  function textUpTo(limit) {
    return function (value) {
      if (typeof value !== "string") return "格式不對";
      return value.length <= limit ? "" : "太長（最多 " + limit + " 個字）";
    };
  }

  // A check for a list of at most limit items, each passing check.
  function listOf(limit, check) {
    return function (value) {
      if (!Array.isArray(value)) return "格式不對";
      if (value.length > limit) return "太多（最多 " + limit + " 項）";
      var problems = value.map(check).filter(Boolean);
      return problems.length ? "有一項" + problems[0] : "";
    };
  }

  // Every field a project may hold (cleanProject's), its name for the manager, and its check.
  var PROJECT_FIELDS = {
    id: ["專案代號", code],
    name: ["專案名稱", optional(textUpTo(60))],
    departments: ["參與部門", optional(listOf(50, code))],
    eventDate: ["活動日", optional(date)],
    target: ["目標", optional(textUpTo(200))],
    archived: ["封存狀態", optional(yesNo)],
    created: ["建立時間", optional(textUpTo(40))],
    from: ["來源專案", optional(nullOr(code))],
    carried: ["帶入事項", optional(listOf(LIMITS.list, textUpTo(5000)))]
  };

  // True when name is one of the fields listed in fields (an object used as a table).
  function isListed(fields, name) {
    return Object.prototype.hasOwnProperty.call(fields, name);
  }

  // What is wrong with an exported project's fields, as a sentence, or "".
  function projectProblem(project) {
    if (!Object.keys(project).every(function (name) { return isListed(PROJECT_FIELDS, name); })) {
      return "檔案裡的專案資料有手冊不認得的欄位。";
    }
    var problems = Object.keys(PROJECT_FIELDS).map(function (name) {
      var problem = PROJECT_FIELDS[name][1](project[name]);
      return problem && "檔案裡的" + PROJECT_FIELDS[name][0] + problem + "。";
    });
    return problems.filter(Boolean)[0] || "";
  }

  // True for an entry key the pages write; never a set-aside copy (":corrupt:"), never another project's.
  function isEntryKey(key) {
    return key.length <= LIMITS.key && ENTRY_KEY.test(key) && key.split(":").indexOf("corrupt") < 0;
  }

  // True for a {…} made by JSON.parse or an object literal (no class instances, no odd prototypes).
  function isPlainObject(value) {
    var prototype = isObject(value) ? Object.getPrototypeOf(value) : undefined;
    return prototype === Object.prototype || prototype === null;
  }

  // What is wrong with a saved answer: only JSON, at most LIMITS.depth levels, every text, list and name capped.
  function valueProblem(value, depth) {
    if (depth > LIMITS.depth) return "的內容層次太多（最多 " + LIMITS.depth + " 層）";
    if (value === null || typeof value === "boolean" || (typeof value === "number" && isFinite(value))) return "";
    if (typeof value === "string") {
      return value.length <= LIMITS.text ? "" : "裡有一段文字太長（最多 " + LIMITS.text + " 個字）";
    }
    if (Array.isArray(value)) {
      if (value.length > LIMITS.list) return "裡有一串清單太長（最多 " + LIMITS.list + " 項）";
      return firstValueProblem(value, depth);
    }
    if (!isPlainObject(value)) return "含有手冊不認得的內容";
    var names = Object.keys(value);
    if (names.length > LIMITS.list) return "裡的欄位太多（最多 " + LIMITS.list + " 個）";
    if (names.some(function (name) { return name.length > LIMITS.key; })) return "裡有欄位名稱太長";
    return firstValueProblem(names.map(function (name) { return value[name]; }), depth);
  }

  // The first problem among values nested one level below depth, or "".
  function firstValueProblem(values, depth) {
    for (var i = 0; i < values.length; i += 1) {
      var problem = valueProblem(values[i], depth + 1);
      if (problem) return problem;
    }
    return "";
  }

  // What is wrong with a set-aside entry {corrupt: "<the unreadable text>"}, or "".
  function setAsideProblem(item) {
    if (Object.keys(item).length !== 1 || typeof item.corrupt !== "string") return "格式不對";
    return item.corrupt.length <= LIMITS.total ? "" : "太大";
  }

  // What is wrong with an answer entry {updated: "<ISO>"|null, value: <JSON>}, or "".
  function answerProblem(item) {
    var names = Object.keys(item);
    if (!("value" in item) || names.some(function (name) { return name !== "updated" && name !== "value"; })) {
      return "格式不對";
    }
    if (optional(nullOr(textUpTo(40)))(item.updated)) return "的更新時間格式不對";
    return valueProblem(item.value, 1);
  }

  // What is wrong with one exported entry, as a sentence, or "".
  function entryProblem(key, item) {
    if (!isEntryKey(key)) return "檔案裡有一筆紀錄的名稱格式不對。";
    var problem = !isObject(item) ? "格式不對" : "corrupt" in item ? setAsideProblem(item) : answerProblem(item);
    return problem ? "檔案裡的紀錄「" + key + "」" + problem + "。" : "";
  }

  // The text to store under each key of checked entries.
  function importedTexts(entries) {
    var texts = {};
    Object.keys(entries).forEach(function (key) {
      var item = entries[key];
      texts[key] = "corrupt" in item ? item.corrupt :
        JSON.stringify({ version: VERSION, updated: item.updated || null, value: item.value });
    });
    return texts;
  }

  // What is wrong with an export's entries (their number, each one, their size together), as a sentence, or "".
  function entriesProblem(entries) {
    var names = Object.keys(entries);
    if (names.length > LIMITS.entries) return "檔案裡的紀錄太多（最多 " + LIMITS.entries + " 筆）。";
    for (var i = 0; i < names.length; i += 1) {
      var problem = entryProblem(names[i], entries[names[i]]);
      if (problem) return problem;
    }
    var texts = importedTexts(entries);
    var size = names.reduce(function (sum, key) { return sum + key.length + texts[key].length; }, 0);
    return size <= LIMITS.total ? "" : "檔案裡的紀錄加起來太大（最多 " + (LIMITS.total / 1024) + " KB）。";
  }

  // What is wrong with the export's own fields (the ones around project and entries), or "".
  function exportFieldsProblem(data) {
    if (!Object.keys(data).every(function (name) { return EXPORT_FIELDS.indexOf(name) >= 0; })) {
      return "這個檔案含有手冊不認得的欄位，無法匯入。";
    }
    return optional(textUpTo(40))(data.exported) ? "檔案裡的匯出時間格式不對。" : "";
  }

  // Why data cannot be imported as a project, or "" when it can.
  function importProblem(data) {
    if (isObject(data) && data.version === 1 && typeof data.checklist === "string") {
      return "這是單一檢核表的匯出檔（舊版格式），請到那份檢核表的頁面用「匯入 JSON」。";
    }
    if (!isObject(data) || data.format !== FORMAT) return "這個檔案不是手冊的專案匯出檔。";
    if (typeof data.version !== "number") return "這個檔案沒有格式版本，無法判斷怎麼讀取。";
    if (data.version > VERSION) {
      return "這個檔案來自較新版的手冊（格式第 " + data.version + " 版，這裡只認得到第 " + VERSION +
        " 版）。請等這台電腦的手冊更新後再匯入。";
    }
    if (data.version < VERSION) {
      return "這個檔案的格式（第 " + data.version + " 版）太舊，無法直接匯入；請在原來的電腦打開手冊一次（會自動升級），再重新匯出。";
    }
    if (!isObject(data.project) || !isObject(data.entries)) return "這個檔案的內容不完整，無法匯入。";
    return exportFieldsProblem(data) || projectProblem(data.project) || entriesProblem(data.entries);
  }

  /* ---------- import ---------- */

  // id if neither a project nor a stored answer uses it yet, else a new one.
  function freeId(id) {
    while (findProject(id) || storedKeys(entryKey(id, "")).length) id = newId();
    return id;
  }

  // Write a checked project's entries, then add it to the project list; on any failure remove what was written.
  function writeImport(project, texts) {
    var written = [];
    var saved = Object.keys(texts).every(function (key) {
      if (!write(entryKey(project.id, key), texts[key])) return false;
      written.push(entryKey(project.id, key));
      return true;
    });
    var all = meta();
    var before = metaMemory;
    var list = { version: VERSION, current: project.id, projects: all.projects.concat([project]) };
    if (saved && saveMeta(list)) return true;
    metaMemory = before; // when the browser refuses storage, the list in memory stays as it was too
    written.forEach(function (key) { storage().removeItem(key); });
    return false;
  }

  // Import an exported project as a new project (keeping its id unless taken); {ok, message, project}.
  // Everything is checked first: a file with any problem writes nothing.
  function importProject(data) {
    var problem = importProblem(data) || readOnlyReason;
    if (problem) return { ok: false, message: problem };
    var project = cleanProject(Object.assign({}, data.project, { id: freeId(data.project.id) }));
    if (meta().projects.some(function (p) { return p.name === project.name; })) project.name += "（匯入）";
    if (!writeImport(project, importedTexts(data.entries))) {
      return { ok: false, message: "瀏覽器存不下這個專案（儲存空間不足或不允許儲存），原本的資料沒有改變。" };
    }
    announce({ key: null, switched: true });
    return { ok: true, message: "已匯入專案「" + project.name + "」，並切換到這個專案。", project: project };
  }

  /* ---------- migration from earlier versions ---------- */

  // Version 1 checklist record → version 2 checklist value (labels unknown until the page saves again).
  function checklistFromV1(record) {
    var value = { items: {}, fields: {} };
    Object.keys(record.items).forEach(function (id) {
      if (record.items[id] === true) value.items[id] = { label: null };
    });
    Object.keys(record.fields).forEach(function (id) {
      if (typeof record.fields[id] === "string") value.fields[id] = { value: record.fields[id], label: null };
    });
    return value;
  }

  // The version 2 text for one version 1 checklist value (unreadable values are carried over unchanged).
  function migrateChecklist(id, raw) {
    var record = parseJSON(raw);
    if (!isObject(record) || record.version !== 1 || record.checklist !== id || !isObject(record.items) ||
        !isObject(record.fields)) return raw;
    return JSON.stringify({ version: VERSION, updated: typeof record.updated === "string" ? record.updated : null,
                            value: checklistFromV1(record) });
  }

  // The version 2 text for one of the tools' version 1 values.
  function migrateTool(raw) {
    var value = parseJSON(raw);
    return JSON.stringify({ version: VERSION, updated: null, value: value === undefined ? raw : value });
  }

  // Version 1 keys → {old key: [new entry key, text]}.
  function version1Entries() {
    var moves = {};
    storedKeys(V1_CHECKLIST).forEach(function (key) {
      var id = key.slice(V1_CHECKLIST.length);
      if (id.indexOf(":") >= 0) return; // ":corrupt:" copies stay where the user was told they are
      moves[key] = ["checklist:" + id, migrateChecklist(id, window.localStorage.getItem(key))];
    });
    storedKeys(V1_TOOLS).forEach(function (key) {
      moves[key] = [key.slice(V1_TOOLS.length), migrateTool(window.localStorage.getItem(key))];
    });
    return moves;
  }

  // Move every version 1 value into a first project; nothing is removed until everything is written.
  function migrate() {
    var store = storage();
    if (!store) return;
    var stored = parseJSON(store.getItem(META));
    if (isObject(stored) && typeof stored.version === "number" && stored.version > VERSION) {
      readOnlyReason = "這台電腦的資料是較新版的手冊存的，這一版只能閱讀、不能儲存；請重新整理以載入新版手冊。";
      return report(readOnlyReason);
    }
    var moves = version1Entries();
    var old = Object.keys(moves);
    if (!old.length && isObject(stored)) return;
    var data = meta();
    var project = data.projects.filter(function (p) { return p.id === data.current; })[0];
    var done = [];
    var moved = old.filter(function (key) { return store.getItem(entryKey(project.id, moves[key][0])) === null; });
    var ok = moved.every(function (key) {
      done.push(entryKey(project.id, moves[key][0]));
      return write(done[done.length - 1], moves[key][1]);
    }) && saveMeta(data);
    if (!ok) return done.forEach(function (key) { store.removeItem(key); });
    // An old key whose answers the project already has stays where it is: nothing is overwritten or lost.
    moved.forEach(function (key) { store.removeItem(key); });
  }

  migrate();
  window.addEventListener("storage", onStorage);
  window.HandbookStore = {
    version: VERSION, load: load, save: save, remove: remove, entry: entry, keys: keys, onChange: onChange,
    currentProject: currentProject, projects: projects, findProject: findProject, createProject: createProject,
    switchProject: switchProject, updateProject: updateProject, deleteProject: deleteProject, exportProject: exportProject,
    importProject: importProject, importProblem: importProblem, report: report, setAside: setAside,
    readOnly: function () { return !!readOnlyReason || currentProject().archived; },
    readOnlyReason: function () { return readOnlyReason; },
    lastReport: function () { return lastReport; }
  };
})();
