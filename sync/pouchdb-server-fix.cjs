// Loaded before the test server (node --require, tests/sync_server.py); never part of the site or of production.
// pouchdb-validation 4.2.0, which pouchdb-server 4.2.0 runs for every database with a validate function, overwrites
// a replicated document's own revision history (_revisions) with the stored document's before validating it. A
// conflicting revision pushed by replication then looks like the stored one and is silently dropped, so two people
// who changed the same answer offline would not both be kept. CouchDB keeps the pushed history; so does this fix.
// And for _bulk_docs (so for every replicated write) pouchdb-server hands the validate function an empty security
// object, where CouchDB hands it the database's _security; the second fix reads it as CouchDB does.
"use strict";

const Module = require("module");
const path = require("path");

const TARGET = path.join("pouchdb-validation", "lib", "index.js");
const BUG = "newDoc._revisions = (oldDoc || {})._revisions;";
const FIX = "newDoc._revisions = newDoc._revisions || (oldDoc || {})._revisions;";
const NO_SECURITY = "  if (!options.secObj) {\n    options.secObj = {};\n  }";
const READ_SECURITY = "  if (!options.secObj && typeof db.getSecurity === \"function\") {\n" +
  "    return db.getSecurity().then(function (secObj) {\n" +
  "      options.secObj = secObj;\n" +
  "      return completeValidationOptions(db, options);\n" +
  "    });\n" +
  "  }\n" + NO_SECURITY;
const compile = Module.prototype._compile;

Module.prototype._compile = function (content, filename) {
  if (filename.endsWith(TARGET)) {
    if (!content.includes(BUG) || !content.includes(NO_SECURITY)) {
      throw new Error("pouchdb-validation changed: check whether " + __filename + " is still needed");
    }
    content = content.replace(BUG, FIX).replace(NO_SECURITY, READ_SECURITY);
  }
  return compile.call(this, content, filename);
};
