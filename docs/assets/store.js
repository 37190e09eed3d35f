/*
 * HandbookStore: the manager's projects, one record each, kept in this browser. No dependencies, no server.
 *
 * Schema (version 3), all in localStorage:
 *   "handbook:v3:projects"          {"version":3,"current":"<project id>"|"","projects":[<project>…],"notice":"…"}
 *       <project> = {"id","name","departments":[…],"eventDate":"YYYY-MM-DD"|"","target":"…",
 *                    "people":{"<department>":"<name>"},"archived":false,"created":"<ISO>",
 *                    "from":"<project id>"|null,"carried":["…"]}
 *       current "" = no project: the tools and checklists still work, their answers wait under the space "_"
 *       until the person makes a project (createProject(fields, {adopt: true}) moves them in).
 *   "handbook:v3:p:<project>:<key>" {"version":3,"updated":"<ISO>","value":<any JSON>}
 * Keys: "checklist:<id>" (value {"items":{"<id>":{"label"}},"fields":{"<id>":{"value","label"}},"done","filled"},
 * see checklist.js), "meetings" ({"items":[<meeting>…]}, saved by the planner, see tools.js),
 * "retrospective" (the worksheet: {project, results, thanks, keep, fixes:[{issue, measure, owner, due, done}], carry};
 * the project page's fixes are its fixes), "interests" (the interest matrix and charter), "stretch" (the stretch
 * target's three numbers).
 *
 * Earlier versions are migrated on the first visit, nothing dropped, nothing removed before all is written:
 *   version 2: "handbook:v2:projects" + "handbook:v2:p:<project>:<key>": the same projects; "tools:retrospective"
 *              becomes "retrospective", the page's own "fixes" join its fixes, "tools:matrix" becomes "interests",
 *              "planner:*" become "meetings"; the blank 「我的第一個專案」 earlier versions made by themselves is
 *              dropped, or renamed after its first answer when it holds answers (the bar says so once).
 *   version 1: "handbook:checklist:<id>" {"version":1,"checklist","updated","items":{"<id>":true},"fields":{…}}
 *              and "handbook:v1:<key>" (the tools' own fallback): into one project named the same way.
 * A value that cannot be read is carried over as it is, so the page that owns it sets it aside and says so.
 *
 * An imported project file is untrusted: importProblem checks all of it (project id, every text, list and entry
 * against LIMITS, entry keys) before importProject writes anything, so a refused file leaves localStorage as it was.
 * A version 2 export is read as its version 3 equivalent.
 *
 * API (window.HandbookStore): load(key), save(key, value), remove(key), entry(key, projectId), keys(prefix),
 * onChange(callback), currentProject() (null when there is none), projects(), findProject(id),
 * createProject(fields, options), switchProject(id), updateProject(id, changes, options), deleteProject(id),
 * onSave(callback), saveRemote(projectId, key, value, updated), removeRemote(projectId, key),
 * addSharedProject(fields) (the last four for sync.js, which shares a project through CouchDB when the site has
 * extra.sync; a shared project carries "shared": "<database>"),
 * exportProject(id), importProject(data), looseKeys(), report(text), setAside(key), readOnly(), readOnlyReason(),
 * lastReport(), notice().
 */
(function () {
  "use strict";

  var VERSION = 3;
  var ROOT = "handbook:v3:";
  var META = ROOT + "projects";
  var LOOSE = "_"; // the space of answers given while there is no project
  var V2_ROOT = "handbook:v2:";
  var V1_CHECKLIST = "handbook:checklist:";
  var V1_TOOLS = "handbook:v1:";
  var FORMAT = "handbook-project";
  var FIRST_NAME = "我的第一個專案"; // the blank project versions 1 and 2 made on the first visit
  var UNNAMED = "未命名專案";
  var SHARED_DB = /^hb-[0-9a-f]{20}$/; // a shared project's CouchDB database (sync.js; sync/README.md)
  var listeners = [];
  var saveListeners = [];
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
      people: cleanPeople(data.people),
      archived: data.archived === true,
      created: text(data.created, 40) || new Date().toISOString(),
      from: typeof data.from === "string" ? data.from : null,
      carried: Array.isArray(data.carried) ? data.carried.filter(function (c) { return typeof c === "string"; }) : [],
      shared: typeof data.shared === "string" && SHARED_DB.test(data.shared) ? data.shared : ""
    };
  }

  // The names of a project's people, by department id (text only, each name at most 40 characters).
  function cleanPeople(people) {
    var clean = {};
    if (!isObject(people)) return clean;
    Object.keys(people).forEach(function (id) {
      var name = typeof people[id] === "string" ? people[id].trim().slice(0, 40) : "";
      if (CODE.test(id) && name) clean[id] = name;
    });
    return clean;
  }

  // The projects record {version, current, projects, notice}; current is "" when there is no project.
  function meta() {
    var store = storage();
    var data = store ? parseJSON(store.getItem(META)) : undefined;
    if (isObject(data) && data.version === VERSION && Array.isArray(data.projects)) {
      var projects = data.projects.filter(isObject).map(cleanProject);
      var current = projects.some(function (p) { return p.id === data.current; }) ? data.current : "";
      return { version: VERSION, current: current, projects: projects,
               notice: typeof data.notice === "string" ? data.notice : "" };
    }
    return metaMemory || { version: VERSION, current: "", projects: [], notice: "" };
  }
  var metaMemory = null; // used only while the browser refuses storage

  // Save the projects record.
  function saveMeta(data) {
    metaMemory = data;
    if (readOnlyReason) return report(readOnlyReason), false;
    return write(META, JSON.stringify(data));
  }

  // The current project, or null when the person has not made one (or chose none).
  function currentProject() {
    var data = meta();
    return data.projects.filter(function (p) { return p.id === data.current; })[0] || null;
  }

  // The id whose entries the pages read and write now: the current project's, or the no-project space.
  function space() {
    var project = currentProject();
    return project ? project.id : LOOSE;
  }

  // All projects, newest first.
  function projects() {
    return meta().projects.slice().sort(function (a, b) { return a.created < b.created ? 1 : -1; });
  }

  // The project with id, or null.
  function findProject(id) {
    return meta().projects.filter(function (p) { return p.id === id; })[0] || null;
  }

  // Add a project and make it current; with options.adopt the answers given without a project move into it.
  // Returns the project, or null when it could not be saved (then nothing moved).
  function createProject(fields, options) {
    var data = meta();
    var project = cleanProject(Object.assign({}, fields, { id: newId(), created: new Date().toISOString() }));
    data.projects.push(project);
    data.current = project.id;
    var moved = options && options.adopt ? moveEntries(LOOSE, project.id) : [];
    if (moved === null || !saveMeta(data)) return (moved || []).forEach(function (key) { storage().removeItem(key); }), null;
    moved.forEach(function (key) { storage().removeItem(entryKey(LOOSE, key.slice(entryKey(project.id, "").length))); });
    announce({ key: null, switched: true });
    return project;
  }

  // Copy every entry of space from into space to; the keys written, or null (nothing left behind) on failure.
  function moveEntries(from, to) {
    var store = storage();
    var written = [];
    var ok = keys("", from).every(function (key) {
      if (!write(entryKey(to, key), store.getItem(entryKey(from, key)))) return false;
      written.push(entryKey(to, key));
      return true;
    });
    if (ok) return written;
    written.forEach(function (key) { store.removeItem(key); });
    return null;
  }

  // The keys of the answers given while there was no project (they wait for one).
  function looseKeys() {
    return keys("", LOOSE);
  }

  // Change fields of project id (name, departments, eventDate, target, archived, carried, shared); options.remote:
  // the change came from the project's other members (sync.js), so it is not sent back.
  function updateProject(id, changes, options) {
    var data = meta();
    var index = data.projects.map(function (p) { return p.id; }).indexOf(id);
    if (index < 0) return false;
    data.projects[index] = cleanProject(Object.assign({}, data.projects[index], changes, { id: id }));
    if (!saveMeta(data)) return false;
    if (!(options && options.remote)) tellSaved(id, null, data.projects[index]);
    announce({ key: null, switched: id === data.current });
    return true;
  }

  // Add a project shared by another member (fields from its database, shared = the database); the project, or
  // null when it could not be saved. It does not become current.
  function addSharedProject(fields) {
    var data = meta();
    var known = data.projects.filter(function (p) { return p.shared && p.shared === fields.shared; })[0];
    if (known) return known;
    var project = cleanProject(Object.assign({}, fields, { id: newId(), created: new Date().toISOString() }));
    if (!project.shared) return null;
    data.projects.push(project);
    if (!saveMeta(data)) return null;
    announce({ key: null, switched: false });
    return project;
  }

  // Make project id the current one ("" for none).
  function switchProject(id) {
    var data = meta();
    if ((id !== "" && !findProject(id)) || data.current === id) return data.current === id;
    data.current = id;
    if (!saveMeta(data)) return false;
    announce({ key: null, switched: true });
    return true;
  }

  // Delete project id and every answer saved in it; the newest other project becomes current (none if none is left).
  function deleteProject(id) {
    var data = meta();
    var store = storage();
    data.projects = data.projects.filter(function (p) { return p.id !== id; });
    if (data.current === id) data.current = projects().filter(function (p) { return p.id !== id; }).concat([{ id: "" }])[0].id;
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
    var raw = store ? store.getItem(entryKey(projectId || space(), key)) : null;
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
    if (project && project.archived) return report("「" + project.name + "」已封存，是唯讀的；要修改請先到專案頁重新開啟。"), false;
    if (!write(entryKey(space(), key), body(new Date().toISOString(), value))) return false;
    tellSaved(space(), key, value);
    return true;
  }

  // Remove key from the current project.
  function remove(key) {
    var store = storage();
    if (store) store.removeItem(entryKey(space(), key));
  }

  // Move an unreadable entry aside so it is not lost; returns the new localStorage key or null.
  function setAside(key) {
    var store = storage();
    var from = entryKey(space(), key);
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
    var head = entryKey(projectId || space(), "");
    return storedKeys(head + (prefix || "")).map(function (k) { return k.slice(head.length); })
      .filter(function (k) { return k.indexOf(":corrupt:") < 0; });
  }

  /* ---------- other tabs ---------- */

  // Register callback(projectId, key, value) for every save made on this page (key null: the project's own fields
  // changed, value is the project); sync.js sends them to the project's other members.
  function onSave(callback) {
    if (saveListeners.indexOf(callback) < 0) saveListeners.push(callback);
  }

  // Tell the save listeners about a save.
  function tellSaved(projectId, key, value) {
    saveListeners.slice().forEach(function (callback) {
      try { callback(projectId, key, value); } catch (error) { window.console && window.console.error(error); }
    });
  }

  // Write an entry that another member changed (sync.js); the pages showing it reload. False when not saved.
  function saveRemote(projectId, key, value, updated) {
    if (!findProject(projectId)) return false;
    if (!write(entryKey(projectId, key), body(updated || new Date().toISOString(), value))) return false;
    if (projectId === space()) announce({ key: key, switched: false, remote: true });
    return true;
  }

  // Remove an entry that another member emptied (sync.js).
  function removeRemote(projectId, key) {
    var store = storage();
    if (!store || store.getItem(entryKey(projectId, key)) === null) return;
    store.removeItem(entryKey(projectId, key));
    if (projectId === space()) announce({ key: key, switched: false, remote: true });
  }

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
    var head = entryKey(space(), "");
    if (event.key.indexOf(head) === 0) announce({ key: event.key.slice(head.length), switched: false });
  }

  /* ---------- export and import of a whole project ---------- */

  // Project id and all its entries as one JSON-ready object.
  function exportProject(id) {
    var project = findProject(id || space());
    if (!project) return null;
    var entries = {};
    keys("", project.id).forEach(function (key) {
      var found = entry(key, project.id);
      entries[key] = found.corrupt ? { corrupt: found.raw } : { updated: found.updated, value: found.value };
    });
    var copy = Object.assign({}, project);
    delete copy.shared; // a file is a copy: imported, it is a project of that browser only
    return { format: FORMAT, version: VERSION, exported: new Date().toISOString(), project: copy, entries: entries };
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
    carried: ["帶入事項", optional(listOf(LIMITS.list, textUpTo(5000)))],
    people: ["各部門負責人", optional(peopleProblem)]
  };

  // "" for {department id: name of at most 40 characters}, else what is wrong with it.
  function peopleProblem(value) {
    if (!isPlainObject(value) || Object.keys(value).length > 50) return "格式不對";
    return Object.keys(value).every(function (id) { return !code(id) && !textUpTo(40)(value[id]); }) ? "" : "格式不對";
  }

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
    if (data.version < 2) {
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
    var texts = importedTexts(data.entries);
    if (!writeImport(project, data.version === VERSION ? texts : projectEntries(texts))) {
      return { ok: false, message: "瀏覽器存不下這個專案（儲存空間不足或不允許儲存），原本的資料沒有改變。" };
    }
    announce({ key: null, switched: true });
    return { ok: true, message: "已匯入專案「" + project.name + "」，並切換到這個專案。", project: project };
  }

  /* ---------- migration from earlier versions ---------- */

  // Version 1 checklist record → checklist value (labels unknown until the page saves again).
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

  // The entry text for one version 1 checklist value (unreadable values are carried over unchanged).
  function migrateChecklist(id, raw) {
    var record = parseJSON(raw);
    if (!isObject(record) || record.version !== 1 || record.checklist !== id || !isObject(record.items) ||
        !isObject(record.fields)) return raw;
    return body(typeof record.updated === "string" ? record.updated : null, checklistFromV1(record));
  }

  // The entry text holding value, saved at updated.
  function body(updated, value) {
    return JSON.stringify({ version: VERSION, updated: updated, value: value });
  }

  // Version 1 keys → {entry key: text} and the old keys they came from.
  function version1Entries() {
    var texts = {};
    var old = [];
    storedKeys(V1_CHECKLIST).forEach(function (key) {
      var id = key.slice(V1_CHECKLIST.length);
      if (id.indexOf(":") >= 0) return; // ":corrupt:" copies stay where the user was told they are
      texts["checklist:" + id] = migrateChecklist(id, window.localStorage.getItem(key));
      old.push(key);
    });
    storedKeys(V1_TOOLS).forEach(function (key) {
      var value = parseJSON(window.localStorage.getItem(key));
      texts[key.slice(V1_TOOLS.length)] = body(null, value === undefined ? window.localStorage.getItem(key) : value);
      old.push(key);
    });
    return { texts: texts, old: old };
  }

  // A version 2 entry text as version 3 (an unreadable one stays as it is, for its page to set aside).
  function fromVersion2(raw) {
    var data = parseJSON(raw);
    return isObject(data) && data.version === 2 && "value" in data ? body(data.updated || null, data.value) : raw;
  }

  // A meeting saved by an earlier planner, in the meetings entry's shape.
  function meetingFrom(saved, index) {
    var rows = ["agenda", "items", "topics"].map(function (name) { return saved[name]; }).filter(Array.isArray)[0] || [];
    return { id: "m-migrated-" + index, title: String(saved.title || saved.name || saved.type || "會議").slice(0, 200),
             date: /^\d{4}-\d{2}-\d{2}$/.test(saved.date) ? saved.date : "", start: String(saved.start || ""),
             items: rows.map(function (row) {
               return isObject(row) ? { title: String(row.title || row.text || ""), minutes: Number(row.minutes) || 0,
                                        start: String(row.start || "") } : { title: String(row), minutes: 0, start: "" };
             }) };
  }

  // Earlier entries of one project → its version 3 entries: the worksheet and the page's fixes become one
  // retrospective, the matrix becomes "interests", the planner's values become "meetings"; nothing else changes.
  function projectEntries(texts) {
    var out = {};
    var retrospective = null;
    var fixes = [];
    var meetings = [];
    Object.keys(texts).sort().forEach(function (key) {
      var data = key.indexOf(":corrupt:") < 0 ? parseJSON(texts[key]) : undefined;
      var value = isObject(data) && data.version === VERSION ? data.value : undefined;
      if (key === "tools:retrospective" && isObject(value)) retrospective = value;
      else if (key === "fixes" && Array.isArray(value)) fixes = value;
      else if (key.indexOf("planner:") === 0 && isObject(value)) {
        (Array.isArray(value.meetings) ? value.meetings : [value]).filter(isObject).forEach(function (m) {
          meetings.push(meetingFrom(m, meetings.length));
        });
      } else out[key === "tools:matrix" ? "interests" : key] = texts[key];
    });
    if (retrospective || fixes.length) {
      retrospective = Object.assign({}, retrospective || {});
      retrospective.fixes = (Array.isArray(retrospective.fixes) ? retrospective.fixes : []).concat(fixes.filter(isObject)
        .map(function (fix) {
          return { issue: "", measure: String(fix.text || ""), owner: String(fix.owner || ""),
                   due: String(fix.due || ""), done: fix.done === true };
        }));
      out.retrospective = body(null, retrospective);
    }
    if (meetings.length) out.meetings = body(null, { items: meetings });
    return out;
  }

  // The answers that name a project: the worksheet's 專案名稱, then the kickoff checklist's 專案目的.
  var NAMING_ANSWERS = [["retrospective", "project"], ["checklist:project-kickoff", "project-goal"]];

  // A name for the project earlier versions made by themselves: the first line of the first answer naming it, or
  // 未命名專案.
  function nameFromAnswers(texts) {
    var names = NAMING_ANSWERS.map(function (pair) {
      var data = parseJSON(texts[pair[0]] || "null");
      var value = isObject(data) && isObject(data.value) ? data.value : {};
      var answer = pair[0] === "retrospective" ? value.project
        : isObject(value.fields) && isObject(value.fields[pair[1]]) ? value.fields[pair[1]].value : "";
      return typeof answer === "string" ? answer.split(/\r?\n/)[0].trim().slice(0, 60) : "";
    });
    return names.filter(Boolean)[0] || UNNAMED;
  }

  // True for the blank first project versions 1 and 2 made on the first visit, untouched by the person.
  function isAutomatic(project) {
    return project.name === FIRST_NAME && !project.departments.length && !project.eventDate && !project.target &&
      !project.carried.length;
  }

  // Version 2 projects and their entries: {projects: [{project, texts}], current, old: [v2 keys]}.
  function version2Projects() {
    var list = parseJSON(window.localStorage.getItem(V2_ROOT + "projects"));
    var found = { projects: [], current: "", old: storedKeys(V2_ROOT) };
    if (!isObject(list) || !Array.isArray(list.projects)) return found;
    found.current = typeof list.current === "string" ? list.current : "";
    list.projects.filter(isObject).map(cleanProject).forEach(function (project) {
      var head = V2_ROOT + "p:" + project.id + ":";
      var texts = {};
      storedKeys(head).forEach(function (key) {
        texts[key.slice(head.length)] = key.indexOf(":corrupt:") < 0 ? fromVersion2(window.localStorage.getItem(key))
          : window.localStorage.getItem(key);
      });
      found.projects.push({ project: project, texts: projectEntries(texts) });
    });
    return found;
  }

  // The projects to write: version 2's (the automatic blank one dropped, or named after its answers when it has
  // some), or one project holding version 1's answers; the sentence telling the person where answers went.
  function migratedProjects() {
    var v2 = version2Projects();
    var v1 = version1Entries();
    var kept = v2.projects;
    if (!kept.length && Object.keys(v1.texts).length) {
      kept = [{ project: cleanProject({ name: FIRST_NAME }), texts: projectEntries(v1.texts) }];
    }
    var notice = "";
    kept = kept.filter(function (item) {
      if (!isAutomatic(item.project)) return true;
      if (!Object.keys(item.texts).length) return false;
      item.project.name = nameFromAnswers(item.texts);
      notice = "之前在這台電腦填的答案，已經放進專案「" + item.project.name + "」；可以在專案頁改名。";
      return true;
    });
    var current = kept.some(function (item) { return item.project.id === v2.current; }) ? v2.current
      : kept.length ? kept[0].project.id : "";
    return { kept: kept, current: current, notice: notice, old: v2.old.concat(v2.projects.length ? [] : v1.old) };
  }

  // Move earlier versions' answers into version 3; nothing is removed until everything is written.
  function migrate() {
    var store = storage();
    if (!store) return;
    var stored = parseJSON(store.getItem(META));
    if (isObject(stored) && typeof stored.version === "number" && stored.version > VERSION) {
      readOnlyReason = "這台電腦的資料是較新版的手冊存的，這一版只能閱讀、不能儲存；請重新整理以載入新版手冊。";
      return report(readOnlyReason);
    }
    if (isObject(stored)) return;
    var found = migratedProjects();
    if (!found.old.length) return;
    var written = [];
    var ok = found.kept.every(function (item) {
      return Object.keys(item.texts).every(function (key) {
        written.push(entryKey(item.project.id, key));
        return write(written[written.length - 1], item.texts[key]);
      });
    }) && saveMeta({ version: VERSION, current: found.current, notice: found.notice,
                      projects: found.kept.map(function (item) { return item.project; }) });
    if (!ok) return written.forEach(function (key) { store.removeItem(key); });
    found.old.forEach(function (key) { store.removeItem(key); });
  }

  // The one-time sentence about migrated answers ("" once it has been taken).
  function takeNotice() {
    var data = meta();
    if (!data.notice) return "";
    var text = data.notice;
    data.notice = "";
    saveMeta(data);
    return text;
  }

  migrate();
  window.addEventListener("storage", onStorage);
  window.HandbookStore = {
    version: VERSION, load: load, save: save, remove: remove, entry: entry, keys: keys, onChange: onChange,
    currentProject: currentProject, projects: projects, findProject: findProject, createProject: createProject,
    switchProject: switchProject, updateProject: updateProject, deleteProject: deleteProject, exportProject: exportProject,
    importProject: importProject, importProblem: importProblem, report: report, setAside: setAside,
    readOnly: function () { return !!readOnlyReason || !!(currentProject() && currentProject().archived); },
    looseKeys: looseKeys, notice: takeNotice, onSave: onSave, saveRemote: saveRemote, removeRemote: removeRemote,
    addSharedProject: addSharedProject,
    readOnlyReason: function () { return readOnlyReason; },
    lastReport: function () { return lastReport; }
  };
})();
