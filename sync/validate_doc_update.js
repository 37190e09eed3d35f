function (newDoc, oldDoc, userCtx, secObj) {
  // A shared project's documents, schema version 1 (sync/README.md). CouchDB runs this on every write to the
  // project's database, replication included; a refusal is thrown as {unauthorized} (who) or {forbidden} (what).
  // ES5 only, one function expression: CouchDB's query server and pouchdb-server compile this text as it is
  // (pouchdb-server prefixes "return ", so nothing may come before the word function).
  "use strict";

  var MAX_BYTES = 64 * 1024;
  var MAX_DEPTH = 20;
  var SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
  var SLUG_LENGTH = 60;
  var ENTRY_KEYS = "meetings|retrospective|interests|stretch|steps";
  // Each kind of document: its id, its type and the check of its value.
  var KINDS = [
    { id: new RegExp("^project$"), type: "project", value: projectProblem },
    { id: new RegExp("^entry:(?:" + ENTRY_KEYS + ")$"), type: "entry", value: entryProblem },
    { id: new RegExp("^answer:" + SLUG + ":item:" + SLUG + "$"), type: "answer", value: itemProblem },
    { id: new RegExp("^answer:" + SLUG + ":field:" + SLUG + "$"), type: "answer", value: fieldProblem }
  ];
  var FIELDS = ["_id", "_rev", "_revisions", "_deleted", "_conflicts", "type", "value", "label", "by", "at",
                "schema"];
  var NOT_COUNTED = ["_revisions"]; // CouchDB's own history of the document grows with every edit
  var PROJECT_FIELDS = ["name", "departments", "eventDate", "target", "people"];
  var AT = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?Z$/;
  var DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
  var SHORT = 40;

  // Whether list holds item.
  function has(list, item) {
    return !!list && list.indexOf(item) >= 0;
  }

  // Whether object has its own property name.
  function owns(object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  }

  // Whether value is a {…} (not null, not a list).
  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  // Whether value is a string of 1 to limit characters.
  function isText(value, limit) {
    return typeof value === "string" && value.length > 0 && value.length <= limit;
  }

  // The names of one group of the database's _security (admins or members).
  function securityNames(group) {
    var names = secObj && secObj[group] && secObj[group].names;
    return Array.isArray(names) ? names : [];
  }

  // Whether the writer is a server admin.
  function isServerAdmin() {
    return has(userCtx.roles, "_admin");
  }

  // Whether the writer is the lead or an invited member (by name), or a server admin.
  function isMember() {
    var name = userCtx.name;
    return isServerAdmin() || (typeof name === "string" &&
      (has(securityNames("admins"), name) || has(securityNames("members"), name)));
  }

  // The length of text in UTF-8 bytes.
  function utf8Length(text) {
    var bytes = 0;
    for (var i = 0; i < text.length; i += 1) {
      var code = text.charCodeAt(i);
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code < 0xdc00 ? 4 : 3;
      if (code >= 0xd800 && code < 0xdc00) i += 1; // the pair's second half is counted with its first
    }
    return bytes;
  }

  // The document as it counts against the size cap: every field but CouchDB's history.
  function countedSize(doc) {
    var counted = {};
    Object.keys(doc).forEach(function (name) {
      if (!has(NOT_COUNTED, name)) counted[name] = doc[name];
    });
    var text = JSON.stringify(counted);
    return text.length > MAX_BYTES ? text.length : utf8Length(text);
  }

  // Whether value nests deeper than limit levels (stops looking at limit + 1).
  function tooDeep(value, limit) {
    if (value === null || typeof value !== "object") return false;
    if (limit === 0) return true;
    var keys = Object.keys(value);
    for (var i = 0; i < keys.length; i += 1) {
      if (tooDeep(value[keys[i]], limit - 1)) return true;
    }
    return false;
  }

  // What is wrong with a project's value, or "".
  function projectProblem(value) {
    if (!isObject(value)) return "專案資料必須是一個物件。";
    var names = Object.keys(value);
    for (var i = 0; i < names.length; i += 1) {
      if (!has(PROJECT_FIELDS, names[i])) return "專案資料裡有手冊不認得的欄位「" + names[i].slice(0, 40) + "」。";
    }
    if (!isText(value.name, 200) || !value.name.trim()) return "專案名稱必須是 1 到 200 個字。";
    if (!departmentsValid(value.departments)) return "參與部門必須是最多 20 個部門代號的清單。";
    if (typeof value.eventDate !== "string" || (value.eventDate !== "" && !DATE.test(value.eventDate))) {
      return "活動日必須是空白或 YYYY-MM-DD 格式的日期。";
    }
    if (typeof value.target !== "string" || value.target.length > 500) return "目標必須是最多 500 個字的文字。";
    if (!peopleValid(value.people)) return "各部門負責人必須是「部門：姓名」的對照，每項最多 40 個字。";
    return "";
  }

  // Whether departments is a list of at most 20 short texts.
  function departmentsValid(departments) {
    if (!Array.isArray(departments) || departments.length > 20) return false;
    for (var i = 0; i < departments.length; i += 1) {
      if (!isText(departments[i], SHORT)) return false;
    }
    return true;
  }

  // Whether people maps at most 20 short department names to short texts.
  function peopleValid(people) {
    if (!isObject(people)) return false;
    var departments = Object.keys(people);
    if (departments.length > 20) return false;
    for (var i = 0; i < departments.length; i += 1) {
      var name = people[departments[i]];
      if (!isText(departments[i], SHORT) || typeof name !== "string" || name.length > SHORT) return false;
    }
    return true;
  }

  // What is wrong with a saved entry's value (a page's record), or "".
  function entryProblem(value) {
    return isObject(value) ? "" : "紀錄的內容必須是一個物件。";
  }

  // What is wrong with a checklist item's answer (ticked or not), or "".
  function itemProblem(value) {
    return typeof value === "boolean" ? "" : "勾選項目的答案只能是 true 或 false。";
  }

  // What is wrong with a checklist field's answer, or "".
  function fieldProblem(value) {
    return typeof value === "string" && value.length <= 5000 ? "" : "欄位的答案必須是最多 5000 個字的文字。";
  }

  // The kind of document an id names, or null.
  function kindOf(id) {
    if (typeof id !== "string" || id.length > 3 * SLUG_LENGTH + 20) return null;
    var parts = id.split(":");
    for (var i = 0; i < parts.length; i += 1) {
      if (parts[i].length > SLUG_LENGTH) return null;
    }
    for (var k = 0; k < KINDS.length; k += 1) {
      if (KINDS[k].id.test(id)) return KINDS[k];
    }
    return null;
  }

  // What is wrong with the document's envelope (fields, attachments, size, depth), or "".
  function envelopeProblem(doc) {
    if (owns(doc, "_attachments")) return "共用專案的文件不可以帶附件。";
    var names = Object.keys(doc);
    for (var i = 0; i < names.length; i += 1) {
      if (!has(FIELDS, names[i])) return "文件裡有手冊不認得的欄位「" + names[i].slice(0, 40) + "」。";
    }
    if (tooDeep(doc.value, MAX_DEPTH)) return "文件的內容層次太多（最多 " + MAX_DEPTH + " 層）。";
    if (countedSize(doc) > MAX_BYTES) return "文件太大（最多 64 KB）。";
    return "";
  }

  // What is wrong with who wrote the document and when, or "".
  function authorProblem(doc) {
    if (!isText(doc.by, 200)) return "文件必須記下寫入者的使用者名稱（by）。";
    if (!isServerAdmin() && doc.by !== userCtx.name) return "by 必須是你自己的使用者名稱。";
    if (typeof doc.at !== "string" || !AT.test(doc.at)) {
      return "at 必須是 ISO 8601 格式的 UTC 時間，例如 2025-01-31T08:00:00.000Z。";
    }
    return "";
  }

  // What is wrong with the document's kind, label and value, or "".
  function contentProblem(doc) {
    var kind = kindOf(doc._id);
    if (!kind) return "文件代號「" + String(doc._id).slice(0, 80) + "」不是共用專案的文件。";
    if (doc.type !== kind.type) return "文件代號「" + doc._id + "」的 type 必須是「" + kind.type + "」。";
    if (owns(doc, "schema") && doc.schema !== 1) return "這個資料庫只收第 1 版格式的文件（schema 1）。";
    if (owns(doc, "label") && (kind.type !== "answer" || typeof doc.label !== "string" || doc.label.length > 1000)) {
      return "label 只能用在答案上，而且最多 1000 個字。";
    }
    if (!owns(doc, "value")) return "文件沒有 value。";
    return kind.value(doc.value);
  }

  if (!isMember()) {
    if (!userCtx.name) throw { unauthorized: "請先登入，才能寫入共用專案。" };
    throw { unauthorized: "你不是這個共用專案的成員，請專案負責人邀請你。" };
  }
  var problem = envelopeProblem(newDoc) || (newDoc._deleted === true ? "" :
    authorProblem(newDoc) || contentProblem(newDoc));
  if (problem) throw { forbidden: problem };
}
