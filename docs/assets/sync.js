/*
 * HandbookSync: a project its members share, kept in every member's browser and synced through the company's
 * CouchDB. Loaded only when the site sets extra.sync (overrides/main.html); without it nothing here runs and
 * nothing connects.
 *
 * The browser keeps each shared project in PouchDB (assets/vendor/pouchdb-browser.js) and replicates it live with
 * the project's database at <extra.sync.server><database> (same origin; the intranet's nginx proxies it and logs the
 * person in). Pages go on reading and writing HandbookStore (localStorage); this file copies their saves into
 * documents and other members' documents back into entries. Documents: sync/README.md (one per checklist item and
 * field, so ticks merge; two people changing one field make a conflict that the pages show until one is chosen).
 * Databases are made and listed by the provisioner at <extra.sync.projects>; the lead invites members by writing
 * the database's _security (CouchDB lets only its admins do that).
 */
(function () {
  "use strict";

  var Store = window.HandbookStore;
  var PouchDB = window.PouchDB;
  var config = document.querySelector('meta[name="handbook-sync"]');
  if (!Store || !PouchDB || !config) return;

  var SERVER = new URL(config.getAttribute("content"), window.location.href).href;
  var PROVISIONER = new URL(config.getAttribute("data-projects"), window.location.href).href;
  var USER_KEY = "handbook:sync:user"; // the last user name the server named, for saves made offline
  var PENDING = "handbook:sync:pending:"; // + database: the entries saved here and not yet in its PouchDB
  var CHECKLIST = "checklist:";
  var NAME = /^[A-Za-z0-9._@-]{1,64}$/; // an intranet user name as the invite form takes it
  var STATUS = {
    synced: "已同步", syncing: "同步中", offline: "離線，變更會在連線後送出", failed: "無法同步："
  };
  var session = null; // {project, db, remote, sync, feed, queue, own, status, reason, conflicts, members, admins}
  var user = window.localStorage.getItem(USER_KEY) || "";

  /* ---------- small helpers ---------- */

  // A new element with attributes and children (strings become text, never HTML).
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === false || value === null || value === undefined) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) { if (child !== null && child !== undefined) node.append(child); });
    return node;
  }

  // True for a plain {…} object.
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // Same JSON value.
  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // A time as the pages show it: 12/07 10:32.
  function shortTime(iso) {
    var time = new Date(iso);
    if (isNaN(time.getTime())) return "";
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(time.getMonth() + 1) + "/" + pad(time.getDate()) + " " + pad(time.getHours()) + ":" + pad(time.getMinutes());
  }

  // fetch for the sync server: same origin, the intranet login's cookies and credentials, no cache. Every answer
  // also tells the status whether the server is reachable (PouchDB's retrying sync says nothing while it retries).
  function serverFetch(url, options) {
    return window.fetch(url, Object.assign({ credentials: "same-origin", cache: "no-store" }, options || {}))
      .then(function (response) {
        noteReachable(response.status < 500);
        return response;
      }, function (error) {
        noteReachable(false);
        throw error;
      });
  }

  // The server answered (reachable) or did not: offline while it does not, syncing again once it does.
  function noteReachable(reachable) {
    var current = session;
    if (!current || current.status === "failed") return;
    if (!reachable && current.status !== "offline") showStatus(current, "offline");
    if (reachable && current.status === "offline") showStatus(current, "syncing");
  }

  // A JSON request to the sync server or the provisioner: resolves {status, body}.
  function request(url, method, body) {
    return serverFetch(url, { method: method || "GET", headers: { "Content-Type": "application/json" },
                              body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (response) {
        return response.json().catch(function () { return null; })
          .then(function (data) { return { status: response.status, body: data }; });
      });
  }

  // A sentence for a failed request's status.
  function reasonOf(status) {
    if (status === 401 || status === 403) return "你不是這個專案的成員，或登入已過期（請重新登入內網）";
    if (status === 404) return "伺服器上找不到這個專案";
    if (status === 0 || !status) return "連不上同步伺服器";
    return "伺服器回應 " + status;
  }

  /* ---------- who is signed in ---------- */

  // Ask the server who this person is; remembers the name for saves made offline.
  function whoAmI() {
    return request(SERVER + "_session").then(function (answer) {
      var name = answer.body && answer.body.userCtx && answer.body.userCtx.name;
      if (typeof name === "string" && name) {
        user = name;
        window.localStorage.setItem(USER_KEY, name);
      }
      return user;
    }, function () { return user; });
  }

  /* ---------- entries → documents ---------- */

  // A document's id for a checklist's item or field.
  function answerId(checklist, kind, id) {
    return "answer:" + checklist + ":" + kind + ":" + id;
  }

  // The documents an entry of the project becomes: [{_id, type, value, label}], given the documents it made before.
  function wantedDocs(key, value, existing) {
    if (key === null) return [{ _id: "project", type: "project", value: projectValue(value) }];
    if (key.indexOf(CHECKLIST) !== 0) return [{ _id: "entry:" + key, type: "entry", value: value }];
    var checklist = key.slice(CHECKLIST.length);
    var items = isObject(value) && isObject(value.items) ? value.items : {};
    var fields = isObject(value) && isObject(value.fields) ? value.fields : {};
    var wanted = {};
    existing.forEach(function (doc) {
      var parts = doc._id.split(":");
      if (parts[2] === "item" && doc.value === true) wanted[doc._id] = { value: false, label: doc.label };
      if (parts[2] === "field" && doc.value !== "") wanted[doc._id] = { value: "", label: doc.label };
    });
    Object.keys(items).forEach(function (id) {
      wanted[answerId(checklist, "item", id)] = { value: true, label: labelText(items[id]) };
    });
    Object.keys(fields).forEach(function (id) {
      var field = fields[id];
      wanted[answerId(checklist, "field", id)] = { value: isObject(field) ? String(field.value || "") : "",
                                                   label: labelText(field) };
    });
    return Object.keys(wanted).map(function (id) {
      return { _id: id, type: "answer", value: wanted[id].value, label: wanted[id].label || "" };
    });
  }

  // A stored label, or "".
  function labelText(answer) {
    return isObject(answer) && typeof answer.label === "string" ? answer.label.slice(0, 500) : "";
  }

  // value[name] when it is a whole number, else 0.
  function numberOr(value, name) {
    return isObject(value) && typeof value[name] === "number" && value[name] >= 0 ? Math.floor(value[name]) : 0;
  }

  // The project's shared fields (not its local ones: current, archived, created, shared).
  function projectValue(project) {
    return { name: project.name, departments: project.departments, eventDate: project.eventDate,
             target: project.target, people: project.people };
  }

  // The documents stored under a prefix (with their conflicts).
  function docsUnder(db, prefix) {
    return db.allDocs({ startkey: prefix, endkey: prefix + "\ufff0", include_docs: true, conflicts: true })
      .then(function (result) { return result.rows.map(function (row) { return row.doc; }); });
  }

  // Write the changed documents of one entry; their new revisions are remembered as this page's own.
  function writeEntry(current, key, value) {
    var prefix = key === null ? "project" : key.indexOf(CHECKLIST) === 0 ? "answer:" + key.slice(CHECKLIST.length) + ":"
      : "entry:" + key;
    return docsUnder(current.db, prefix).then(function (existing) {
      var byId = {};
      existing.forEach(function (doc) { byId[doc._id] = doc; });
      var now = new Date().toISOString();
      var changed = wantedDocs(key, value, existing).filter(function (doc) {
        var old = byId[doc._id];
        return !old || !same(old.value, doc.value) || (old.label || "") !== doc.label;
      }).map(function (doc) {
        var out = { _id: doc._id, type: doc.type, value: doc.value, by: user, at: now };
        if (doc.type === "answer") out.label = doc.label;
        if (byId[doc._id]) out._rev = byId[doc._id]._rev;
        return out;
      });
      if (!changed.length) return null;
      return current.db.bulkDocs(changed).then(function (results) {
        results.forEach(function (result) { if (result.ok) current.own[result.id + "@" + result.rev] = true; });
      });
    });
  }

  // The entries of a shared project saved on this page but not yet written into its database ("project" for the
  // project's own fields). Kept in localStorage, so a save that a reload or a closed tab cut short is sent later.
  function pendingKeys(db) {
    try {
      var keys = JSON.parse(window.localStorage.getItem(PENDING + db) || "[]");
      return Array.isArray(keys) ? keys.filter(function (k) { return typeof k === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  // Add or remove one pending entry.
  function setPending(db, name, pending) {
    var keys = pendingKeys(db).filter(function (k) { return k !== name; }).concat(pending ? [name] : []);
    if (keys.length) window.localStorage.setItem(PENDING + db, JSON.stringify(keys));
    else window.localStorage.removeItem(PENDING + db);
  }

  // A save of a shared project: marked pending, then written into its database (when it is the one open).
  function onLocalSave(projectId, key, value) {
    var project = Store.findProject(projectId);
    if (!project || !project.shared) return;
    setPending(project.shared, key === null ? "project" : key, true);
    queueSave(projectId, key, value);
  }

  // Queue an entry's save for the current shared project (saves are written one after another); the entry stops
  // being pending when its last queued save is written.
  function queueSave(projectId, key, value) {
    var current = session;
    if (!current || current.project.id !== projectId) return;
    var name = key === null ? "project" : key;
    current.queued[name] = (current.queued[name] || 0) + 1;
    current.queue = current.queue.then(function () { return writeEntry(current, key, value); })
      .then(function () {
        current.queued[name] -= 1;
        if (!current.queued[name]) setPending(current.project.shared, name, false);
        showPanels();
      })
      .catch(function (error) { showStatus(current, "failed", error && error.message); });
  }

  // Send what earlier pages saved but did not write (see pendingKeys).
  function sendPending(current) {
    var id = current.project.id;
    pendingKeys(current.project.shared).forEach(function (name) {
      if (name === "project") return queueSave(id, null, Store.findProject(id));
      var found = Store.entry(name, id);
      if (found && !found.corrupt) queueSave(id, name, found.value);
    });
  }

  // The entry a document belongs to ("project", "meetings", "checklist:<id>"…).
  function entryOfDoc(id) {
    if (id === "project") return "project";
    if (id.indexOf("entry:") === 0) return id.slice("entry:".length);
    return CHECKLIST + id.split(":")[1];
  }

  /* ---------- documents → entries ---------- */

  // The current value of an entry of project (empty checklist shape when absent).
  function localValue(projectId, key) {
    var found = Store.entry(key, projectId);
    var value = found && !found.corrupt && isObject(found.value) ? found.value : {};
    return { items: Object.assign({}, value.items), fields: Object.assign({}, value.fields),
             done: numberOr(value, "done"), filled: numberOr(value, "filled") };
  }

  // Apply one document another member wrote to the entries of the project.
  function applyDoc(projectId, doc) {
    if (doc._id === "project") {
      if (!doc._deleted && isObject(doc.value)) Store.updateProject(projectId, doc.value, { remote: true });
      return;
    }
    if (doc._id.indexOf("entry:") === 0) {
      var key = doc._id.slice("entry:".length);
      if (doc._deleted) Store.removeRemote(projectId, key); else Store.saveRemote(projectId, key, doc.value, doc.at);
      return;
    }
    var parts = doc._id.split(":");
    if (parts[0] !== "answer" || parts.length < 3) return;
    var entryKey = CHECKLIST + parts[1];
    var value = localValue(projectId, entryKey);
    var id = parts.slice(3).join(":");
    if (parts[2] === "item") {
      if (doc.value === true && !doc._deleted) value.items[id] = { label: doc.label || null };
      else delete value.items[id];
    } else if (parts[2] === "field") {
      if (typeof doc.value === "string" && doc.value && !doc._deleted) value.fields[id] = { value: doc.value, label: doc.label || null };
      else delete value.fields[id];
    }
    value.done = Object.keys(value.items).length; // counts are not shared: each browser counts the answers it has
    value.filled = Object.keys(value.fields).length;
    Store.saveRemote(projectId, entryKey, value, doc.at);
  }

  // Apply every document of the project's local database (on opening it).
  function applyAll(current) {
    return current.db.allDocs({ include_docs: true, conflicts: true }).then(function (result) {
      result.rows.forEach(function (row) {
        if (row.id.indexOf("_design/") !== 0) applyOthers(current, row.doc);
        noteConflicts(current, row.doc);
      });
    });
  }

  // Apply a document unless its entry has a save of this browser still to be written (that save is newer).
  function applyOthers(current, doc) {
    if (pendingKeys(current.project.shared).indexOf(entryOfDoc(doc._id)) < 0) applyDoc(current.project.id, doc);
  }

  // Follow the local database: documents that replication brought are applied, this page's own are not.
  function follow(current, since) {
    current.feed = current.db.changes({ live: true, since: since, include_docs: true, conflicts: true })
      .on("change", function (change) {
        var doc = change.doc;
        if (!doc || doc._id.indexOf("_design/") === 0 || session !== current) return;
        if (!current.own[doc._id + "@" + doc._rev]) applyOthers(current, doc);
        noteConflicts(current, doc);
        showPanels();
      });
  }

  /* ---------- conflicts ---------- */

  // Remember (or forget) a document's conflicting versions, read afresh with who wrote them; only the newest look
  // at a document counts (an older one finishing late must not bring back a conflict already resolved).
  function noteConflicts(current, doc) {
    var id = doc && doc._id;
    if (!id || !((doc._conflicts && doc._conflicts.length) || current.conflicts[id])) return;
    var look = current.looks[id] = (current.looks[id] || 0) + 1;
    current.db.get(id, { conflicts: true }).then(function (fresh) {
      return Promise.all((fresh._conflicts || []).map(function (rev) { return current.db.get(id, { rev: rev }); }))
        .then(function (others) { return others.length ? [fresh].concat(others) : null; });
    }).catch(function () { return null; }).then(function (versions) {
      if (current.looks[id] !== look) return;
      if (versions) current.conflicts[id] = versions; else delete current.conflicts[id];
      showPanels();
    });
  }

  // Keep version chosen of a conflicting document: written anew by this person, the other versions removed.
  function choose(current, versions, chosen) {
    var winner = versions[0];
    var kept = { _id: winner._id, _rev: winner._rev, type: winner.type, value: chosen.value, by: user,
                 at: new Date().toISOString() };
    if (winner.type === "answer") kept.label = chosen.label || "";
    var removed = versions.slice(1).map(function (doc) { return { _id: doc._id, _rev: doc._rev, _deleted: true }; });
    return current.db.bulkDocs([kept].concat(removed)).then(function () {
      return current.db.get(winner._id, { conflicts: true });
    }).then(function (doc) {
      applyDoc(current.project.id, doc);
      noteConflicts(current, doc);
    });
  }

  // A version's value as a reader sees it.
  function valueText(doc) {
    if (doc.value === true) return "已勾選";
    if (doc.value === false) return "未勾選";
    if (typeof doc.value === "string") return doc.value || "（空白）";
    return JSON.stringify(doc.value).slice(0, 200);
  }

  // What a conflicting document is about.
  function conflictLabel(doc) {
    if (doc.label) return doc.label;
    if (doc._id === "project") return "專案資料";
    return doc._id.replace(/^entry:/, "").replace(/^answer:/, "");
  }

  /* ---------- the live sync and its status ---------- */

  // Show where the sync stands in the project bar (and on the project page).
  function showStatus(current, status, reason) {
    if (current !== session) return;
    current.status = status;
    current.reason = reason || "";
    showPanels();
  }

  // The status line's text for the current session.
  function statusText(current) {
    if (!current) return "";
    return current.status === "failed" ? STATUS.failed + (current.reason || "原因不明") : STATUS[current.status];
  }

  // The status a paused replication means.
  function pausedStatus(error) {
    if (!error) return window.navigator.onLine === false ? "offline" : "synced";
    return error.status === 401 || error.status === 403 ? "failed" : "offline";
  }

  // Start replicating current live with its database on the server (retrying within seconds after a cut).
  function replicate(current) {
    current.sync = PouchDB.sync(current.db, current.remote, {
      live: true, retry: true, heartbeat: 10000,
      back_off_function: function (delay) { return Math.min(delay ? delay * 2 : 500, 4000); }
    }).on("active", function () { if (current.status !== "offline") showStatus(current, "syncing"); })
      .on("paused", function (error) {
        var status = current.denied ? "failed" : pausedStatus(error);
        showStatus(current, status, current.denied || (status === "failed" ? reasonOf(error.status) : ""));
        if (status === "synced") loadMembers(current);
      })
      .on("denied", function (error) {
        current.denied = "伺服器拒收一筆變更（" + (error && (error.reason || error.message) || "原因不明") + "）";
        showStatus(current, "failed", current.denied);
      })
      .on("error", function (error) { showStatus(current, "failed", reasonOf(error && error.status)); });
  }

  // The project's database on the server.
  function remoteOf(db) {
    return new PouchDB(SERVER + db, { skip_setup: true, fetch: serverFetch });
  }

  // Stop syncing the project that was current.
  function close() {
    if (!session) return;
    if (session.sync) session.sync.cancel();
    if (session.feed) session.feed.cancel();
    session = null;
  }

  // Open the current project's sync when it is shared (and nothing when it is not).
  function open() {
    var project = Store.currentProject();
    if (session && project && session.project.shared === project.shared) {
      session.project = project;
      return showPanels();
    }
    close();
    if (!project || !project.shared) return showPanels();
    var current = {
      project: project, db: new PouchDB("handbook-" + project.shared, { auto_compaction: true }),
      remote: remoteOf(project.shared),
      queue: ready, queued: {}, own: {}, status: "syncing", reason: "", conflicts: {}, looks: {}, members: null, admins: null
    };
    session = current;
    showPanels();
    sendPending(current);
    current.db.info().then(function (info) {
      return applyAll(current).then(function () {
        follow(current, info.update_seq);
        replicate(current);
        loadMembers(current);
      });
    });
  }

  /* ---------- sharing, joining and members ---------- */

  // Share a project of this browser: the provisioner makes its database, then every entry is sent.
  function share(project) {
    return request(PROVISIONER, "POST", { name: project.name }).then(function (answer) {
      if (answer.status !== 201 || !answer.body || !answer.body.db) {
        throw new Error((answer.body && answer.body.reason) || reasonOf(answer.status));
      }
      var db = answer.body.db;
      // first what the server already holds (the provisioner's project document), so nothing is written twice
      return new PouchDB("handbook-" + db, { auto_compaction: true }).replicate.from(remoteOf(db)).then(function () {
        Store.updateProject(project.id, { shared: db }, { remote: true });
        open();
        return session;
      });
    }).then(function (current) {
      onLocalSave(project.id, null, Store.findProject(project.id));
      Store.keys("", project.id).forEach(function (key) {
        var found = Store.entry(key, project.id);
        if (found && !found.corrupt) onLocalSave(project.id, key, found.value);
      });
      return current.queue;
    });
  }

  // Join a project another member shared: it is added to this browser and becomes current.
  function join(db, name) {
    var project = Store.addSharedProject({ name: name || "共享專案", shared: db });
    if (project) Store.switchProject(project.id);
    return project;
  }

  // The projects the server says this person is a member of.
  function sharedWithMe() {
    return request(PROVISIONER).then(function (answer) {
      return answer.status === 200 && answer.body && Array.isArray(answer.body.projects) ? answer.body.projects : [];
    }, function () { return []; });
  }

  // Read the database's members and admins (the lead is its admin).
  function loadMembers(current) {
    return request(SERVER + current.project.shared + "/_security").then(function (answer) {
      if (answer.status !== 200 || !isObject(answer.body)) return;
      var names = function (part) { return isObject(part) && Array.isArray(part.names) ? part.names : []; };
      current.members = names(answer.body.members);
      current.admins = names(answer.body.admins);
      current.security = answer.body;
      showPanels();
    }, function () { /* offline: the members show once the server answers */ });
  }

  // Invite name to the current project (only its lead may; CouchDB refuses anyone else).
  function invite(current, name) {
    var security = JSON.parse(JSON.stringify(current.security || {}));
    security.members = isObject(security.members) ? security.members : {};
    security.members.names = (security.members.names || []).filter(function (n) { return n !== name; }).concat([name]);
    return request(SERVER + current.project.shared + "/_security", "PUT", security).then(function (answer) {
      if (answer.status !== 200) throw new Error(reasonOf(answer.status));
      return loadMembers(current);
    });
  }

  // Keep a copy of the shared project in this browser only (a local project; the shared one stays).
  function keepLocal(project) {
    var data = Store.exportProject(project.id);
    data.project.name = project.name + "（本機副本）";
    data.project.id = "p" + Date.now().toString(36);
    return Store.importProject(data);
  }

  /* ---------- what the pages show ---------- */

  // The status in the project bar (made once per bar).
  function showBarStatus() {
    var bar = document.querySelector(".hb-project-bar__inner");
    if (!bar) return;
    var status = bar.querySelector(".hb-sync-status");
    if (!status) {
      status = el("span", { class: "hb-sync-status", role: "status", "aria-live": "polite" });
      bar.append(status);
    }
    var conflicts = session ? Object.keys(session.conflicts).length : 0;
    status.hidden = !session;
    status.textContent = session ? "共享・" + statusText(session) + (conflicts ? "・" + conflicts + " 個答案有衝突" : "") : "";
    status.className = "hb-sync-status hb-sync-status--" + (session ? session.status : "none");
  }

  // The project pages' data (checklists with their departments, department names), fetched once per page.
  var pageData = null;
  function projectData() {
    var root = document.querySelector(".hb-projects[data-project-src]");
    if (!root) return Promise.resolve(null);
    var src = root.getAttribute("data-project-src");
    if (!pageData || pageData.src !== src) {
      pageData = { src: src, data: window.fetch(src).then(function (r) { return r.json(); }).catch(function () { return null; }) };
    }
    return pageData.data;
  }

  // Each department's answers, by the person who last changed them: [{department, people: {name: count}, last}].
  function progressByDepartment(docs, data) {
    var departmentOf = {};
    var nameOf = {};
    (data && data.checklists || []).forEach(function (c) { departmentOf[c.id] = c.department || ""; });
    (data && data.departments || []).forEach(function (d) { nameOf[d.id] = d.name; });
    var rows = {};
    docs.forEach(function (doc) {
      if (!doc.by || doc.type !== "answer" || doc.value === false || doc.value === "") return;
      var department = nameOf[departmentOf[doc._id.split(":")[1]]] || "跨部門共用";
      var row = rows[department] || (rows[department] = { department: department, people: {}, last: "" });
      row.people[doc.by] = (row.people[doc.by] || 0) + 1;
      if (doc.at > row.last) row.last = doc.at;
    });
    return Object.keys(rows).sort().map(function (name) { return rows[name]; });
  }

  // Who filled what, per department, into the table body.
  function changesByPerson(current, table) {
    Promise.all([current.db.allDocs({ include_docs: true }), projectData()]).then(function (found) {
      var rows = progressByDepartment(found[0].rows.map(function (row) { return row.doc; }), found[1]).map(function (row) {
        var who = Object.keys(row.people).sort().map(function (name) { return name + "（" + row.people[name] + " 項）"; });
        return el("tr", {}, [el("td", { text: row.department }), el("td", { text: who.join("、") }),
                             el("td", { text: shortTime(row.last) })]);
      });
      table.replaceChildren.apply(table, rows.length ? rows : [el("tr", {}, [el("td", { colspan: "3", text: "還沒有人填答。" })])]);
    });
  }


  // The conflicts, each with its versions and a button to keep one.
  function conflictList(current) {
    var ids = Object.keys(current.conflicts);
    if (!ids.length) return null;
    return el("div", { class: "hb-sync-conflicts", "data-sync-conflicts": true }, [
      el("h3", { text: "有衝突的答案" }),
      el("p", { text: "兩個人改了同一個答案。兩個版本都保留著，選一個留下：" }),
      el("ul", {}, ids.map(function (id) {
        var versions = current.conflicts[id];
        return el("li", { "data-conflict": id }, [el("strong", { text: conflictLabel(versions[0]) }),
          el("ul", {}, versions.map(function (version) {
            var keep = el("button", { type: "button", class: "md-button", text: "留下這個" });
            keep.addEventListener("click", function () { choose(current, versions, version); });
            return el("li", {}, [el("span", { class: "hb-sync-value", text: "「" + valueText(version) + "」" }),
                                 el("span", { text: " ─ " + (version.by || "不明") + "，" + shortTime(version.at) + " " }),
                                 keep]);
          }))]);
      }))]);
  }

  // The invite form (the lead's only).
  function inviteForm(current) {
    var input = el("input", { type: "text", name: "member", id: "hb-sync-invite", autocomplete: "off",
                              placeholder: "內網帳號，例如 chen.ming" });
    var message = el("p", { class: "hb-message", role: "status", hidden: true });
    var form = el("form", { class: "hb-sync-invite", "data-sync-invite": true }, [
      el("label", { for: "hb-sync-invite", text: "邀請部門負責人（內網帳號）" }), input,
      el("button", { type: "submit", class: "md-button", text: "邀請" }), message]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var name = input.value.trim();
      var say = function (text) { message.textContent = text; message.hidden = false; };
      if (!NAME.test(name)) return say("請填內網帳號（英數字與 . _ @ -，最多 64 字）。");
      invite(current, name).then(function () {
        input.value = "";
        say("已邀請 " + name + "。請他打開「我的專案」，在「與我共享的專案」加入。");
      }, function (error) { say("沒有邀請成功：" + error.message); });
    });
    return form;
  }

  // The project page's part for a project of this browser only: what sharing does, and the button.
  function localPanel(project) {
    var message = el("p", { class: "hb-message", role: "status", hidden: true });
    var shareButton = el("button", { type: "button", class: "md-button md-button--primary", "data-action": "share",
                                     text: "共享這個專案" });
    shareButton.addEventListener("click", function () {
      shareButton.disabled = true;
      share(project).catch(function (error) {
        shareButton.disabled = false;
        message.textContent = "沒有共享成功：" + error.message;
        message.hidden = false;
      });
    });
    return { nodes: [el("p", { text: "這個專案只存在這台電腦。共享之後，你邀請的部門負責人都能在自己的電腦上填同一份" +
                                     "檢核表；離線時照常填，連線後自動合併。" }), shareButton, message] };
  }

  // The project page's part for a shared project, made once and updated in place (so a change arriving from
  // another member never takes away what this person is typing): status, members, invite, conflicts, who
  // changed what, a local copy.
  function sharedPanel(current) {
    var status = el("p", { class: "hb-sync-status-line" });
    var who = el("p");
    var members = el("p", { "data-sync-members": true });
    var invite = el("div", { hidden: true });
    var conflicts = el("div");
    var people = el("tbody", { "data-sync-people": true });
    var keep = el("button", { type: "button", class: "md-button", "data-action": "keep-local", text: "另存一份本機副本" });
    keep.addEventListener("click", function () { keepLocal(current.project); });
    var table = el("div", { class: "hb-scroll", role: "region", "aria-label": "各成員填答", tabindex: "0" }, [
      el("table", {}, [el("thead", {}, [el("tr", {}, ["部門", "填答的人（最後修改的答案數）", "最後修改"].map(function (h) {
        return el("th", { scope: "col", text: h });
      }))]), people])]);
    var update = function () {
      var isLead = !!current.admins && current.admins.indexOf(user) >= 0;
      status.textContent = "同步狀態：" + statusText(current);
      status.setAttribute("data-sync-status", current.status);
      who.textContent = "你是 " + (user || "（連線後顯示）") + (isLead ? "，這個專案的發起人。" : "。");
      members.textContent = "成員：" + (current.members ? current.members.join("、") || "（只有發起人）" : "（連線後顯示）");
      if (isLead && !invite.firstChild) invite.append(inviteForm(current));
      invite.hidden = !isLead;
      conflicts.replaceChildren.apply(conflicts, [conflictList(current)].filter(Boolean));
      changesByPerson(current, people);
    };
    return { nodes: [status, who, members, invite, conflicts, el("h3", { text: "誰填了什麼" }), table, keep],
             update: update };
  }

  // The list page's part: the projects others shared with this person, each to join.
  function listPanel() {
    var holder = el("ul", { "data-sync-shared-list": true }, [el("li", { text: "讀取中…" })]);
    sharedWithMe().then(function (projects) {
      var known = Store.projects().map(function (p) { return p.shared; });
      var rows = projects.filter(function (p) { return known.indexOf(p.db) < 0; }).map(function (p) {
        var button = el("button", { type: "button", class: "md-button", text: "加入" });
        button.addEventListener("click", function () { if (join(p.db, p.name)) button.closest("li").remove(); });
        return el("li", { "data-shared-db": p.db }, [el("span", { text: (p.name || p.db) + "（發起人 " + (p.lead || "不明") + "）" }), button]);
      });
      holder.replaceChildren.apply(holder, rows.length ? rows : [el("li", { text: "目前沒有別人共享給你的新專案。" })]);
    });
    return { nodes: [el("p", { text: "這個網站可以共享專案：共享的專案存在公司的同步伺服器上，只有受邀的成員看得到；" +
                                     "沒有共享的專案仍然只存在這台電腦。別人邀請你之後，專案會出現在這裡。" }), holder] };
  }

  // Fill the sharing section of the projects pages: made anew only when the project or its sharing changes,
  // otherwise updated in place.
  function showSection() {
    var root = document.querySelector(".hb-projects[data-project-view]");
    var view = root && root.getAttribute("data-project-view");
    var project = Store.currentProject();
    if (view !== "list" && !(view === "project" && project)) return;
    var section = root.querySelector(":scope > .hb-sync-panel");
    if (!section) {
      section = el("section", { class: "hb-sync-panel", id: "hb-sync", "aria-labelledby": "hb-sync-title" });
      root.append(section);
    }
    var key = view === "list" ? "list" : session ? "shared:" + session.project.shared : "local:" + project.id;
    if (section.getAttribute("data-for") !== key) {
      var part = view === "list" ? listPanel() : session ? sharedPanel(session) : localPanel(project);
      var title = el("h2", { id: "hb-sync-title", text: view === "list" ? "與我共享的專案" : "共享與同步" });
      section.replaceChildren.apply(section, [title].concat(part.nodes));
      section.setAttribute("data-for", key);
      section.hbUpdate = part.update || null;
    }
    if (section.hbUpdate) section.hbUpdate();
  }

  // On a checklist page, who last changed each answer and when, beside it.
  function showFieldAuthors() {
    if (!session) return;
    var current = session;
    var ids = Array.prototype.slice.call(document.querySelectorAll("fieldset[data-checklist-id]"))
      .map(function (set) { return set.getAttribute("data-checklist-id"); })
      .filter(function (id, index, list) { return list.indexOf(id) === index; });
    ids.forEach(function (checklist) {
      docsUnder(current.db, "answer:" + checklist + ":").then(function (docs) {
        docs.forEach(function (doc) { markAuthor(checklist, doc); });
      });
    });
  }

  // Put "name・time" beside one answer (or take it away when the answer was emptied).
  function markAuthor(checklist, doc) {
    var parts = doc._id.split(":");
    var input = document.getElementById((parts[2] === "field" ? "f-" : "c-") + checklist + "-" + parts.slice(3).join(":"));
    var holder = input && (input.closest("p, li") || input.parentNode);
    if (!holder) return;
    var mark = holder.querySelector(":scope > .hb-sync-by");
    var answered = doc.by && doc.value !== false && doc.value !== "";
    if (!answered) return mark && mark.remove();
    if (!mark) {
      mark = el("span", { class: "hb-sync-by" });
      holder.append(mark);
    }
    mark.textContent = doc.by + "・" + shortTime(doc.at);
    mark.title = "最後由 " + doc.by + " 在 " + shortTime(doc.at) + " 修改";
  }

  // Conflicts on a checklist page, beside their fields.
  function showFieldConflicts() {
    Array.prototype.slice.call(document.querySelectorAll(".hb-sync-field-conflict")).forEach(function (n) { n.remove(); });
    if (!session) return;
    Object.keys(session.conflicts).forEach(function (id) {
      var parts = id.split(":");
      var input = parts[0] === "answer" ? document.getElementById((parts[2] === "field" ? "f-" : "c-") + parts[1] + "-" +
        parts.slice(3).join(":")) : null;
      if (!input) return;
      var versions = session.conflicts[id];
      var note = el("span", { class: "hb-sync-field-conflict", role: "note", text: "衝突：" + versions.map(function (v) {
        return (v.by || "不明") + "填「" + valueText(v) + "」";
      }).join("；") + "。到專案頁選一個留下。" });
      (input.closest("p, li, label") || input).append(note);
    });
  }

  var panelTimer = 0;
  // Redraw everything this file shows, once however many changes arrived together (a timer, not a frame: a tab in
  // the background gets no frames, and its status must be right when the person comes back to it).
  function showPanels() {
    if (panelTimer) return;
    panelTimer = window.setTimeout(function () {
      panelTimer = 0;
      showBarStatus();
      showSection();
      showFieldConflicts();
      showFieldAuthors();
    }, 30);
  }

  /* ---------- start ---------- */

  // Set up on each page (Material's instant navigation calls this again).
  function setup() {
    var join = new URLSearchParams(window.location.search).get("join");
    if (join && /^hb-[0-9a-f]{20}$/.test(join)) {
      var project = Store.addSharedProject({ name: "共享專案", shared: join });
      if (project) Store.switchProject(project.id);
    }
    open();
    showPanels();
  }

  Store.onSave(onLocalSave);
  Store.onChange(function (change) { if (change.switched) open(); else showPanels(); });
  window.addEventListener("online", function () { if (session) session.sync && showStatus(session, "syncing"); });
  window.addEventListener("offline", function () { if (session) showStatus(session, "offline"); });
  var ready = whoAmI(); // saves wait for the name: the server refuses a document whose "by" is not its writer's
  ready.then(showPanels);
  window.HandbookSync = {
    status: function () { return session ? session.status : "local"; },
    conflicts: function () { return session ? Object.keys(session.conflicts) : []; },
    share: share, join: join
  };
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setup);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
