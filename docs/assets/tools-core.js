/*
 * The readers' tools, pure part: agendas (a port of handbook/domain/agenda.py: one algorithm, kept equal by
 * tests/domain/test_tools_parity.py), plain text, Markdown and iCalendar exports, the stretch target.
 * No DOM here: it runs in the browser (window.HandbookTools) and under node for the parity test.
 */
(function (root) {
  "use strict";

  function AgendaError(message) {
    this.name = "AgendaError";
    this.message = message;
  }
  AgendaError.prototype = Object.create(Error.prototype);

  /** Split total minutes over weights: at least 1 each, the sum exactly total (largest remainder). */
  function allocate(total, weights) {
    if (!weights.length) throw new AgendaError("議程沒有任何項目");
    if (weights.length > total) {
      throw new AgendaError("議程有 " + weights.length + " 個項目，但只有 " + total + " 分鐘：每項至少要 1 分鐘");
    }
    const spare = total - weights.length;
    const whole = weights.reduce((sum, w) => sum + w, 0);
    const quotas = weights.map((w) => spare * w / whole);
    const minutes = quotas.map((q) => 1 + Math.floor(q));
    const leftover = total - minutes.reduce((sum, m) => sum + m, 0);
    const fraction = (i) => quotas[i] - Math.floor(quotas[i]);
    const order = weights.map((_, i) => i).sort((a, b) => (fraction(b) - fraction(a)) || (a - b));
    order.slice(0, leftover).forEach((i) => { minutes[i] += 1; });
    return minutes;
  }

  /** Minutes after midnight of an HH:MM time. */
  function parseClock(clock) {
    const match = /^\s*([+-]?\d+)\s*:\s*([+-]?\d+)\s*$/.exec(String(clock));
    if (!match) throw new AgendaError("開始時間「" + clock + "」應寫成 HH:MM，例如 09:30");
    const hours = Number(match[1]);
    const minutes = Number(match[2]);
    if (!(hours >= 0 && hours < 24 && minutes >= 0 && minutes < 60)) {
      throw new AgendaError("開始時間「" + clock + "」不是有效的時間");
    }
    return hours * 60 + minutes;
  }

  function pad(n) { return String(n).padStart(2, "0"); }

  /** An HH:MM time moved on by minutes (wrapping at midnight). */
  function addMinutes(clock, minutes) {
    const total = ((parseClock(clock) + minutes) % 1440 + 1440) % 1440;
    return pad(Math.floor(total / 60)) + ":" + pad(total % 60);
  }

  function departmentName(data, ident) {
    return data.departments[ident] ? data.departments[ident].name : ident;
  }

  /** Who leads an item: a department's name, or the initiator. */
  function ownerName(data, owner) {
    return owner === data.initiator ? data.initiatorName : departmentName(data, owner);
  }

  /** The steps of the playbook's meeting (the build marks them; a huddle step is another, short meeting). */
  function liveSteps(playbook) {
    return playbook ? playbook.steps.filter((s) => s.mode === "live" && s.meeting !== false) : [];
  }

  function planSlots(data, meeting, departments) {
    const perDepartment = departments.map((d) => ({
      title: meeting.perDepartment.replace("{name}", function () { return departmentName(data, d); }), owner: d,
      weight: meeting.departmentWeight,
    }));
    return meeting.opening.concat(perDepartment, meeting.closing);
  }

  /** Slots with minutes: a playbook's live steps keep their own minutes; the rest goes to one closing item. */
  function timeBoxes(data, meeting, departments, minutes, playbook) {
    const steps = liveSteps(playbook);
    if (!steps.length) {
      const slots = planSlots(data, meeting, departments);
      const boxes = allocate(minutes, slots.map((s) => s.weight));
      return slots.map((slot, i) => [slot, boxes[i]]);
    }
    const boxes = steps.map((s) => [{ title: s.text, owner: s.owner }, s.minutes]);
    const spare = minutes - steps.reduce((sum, s) => sum + s.minutes, 0);
    return spare > 0 ? boxes.concat([[{ title: data.closing, owner: data.initiator }, spare]]) : boxes;
  }

  /** A meeting's default title: its kind, then the playbook's title unless that already names the kind. */
  function meetingTitle(meeting, playbook) {
    if (!playbook) return meeting.name;
    return playbook.title.startsWith(meeting.name) ? playbook.title : meeting.name + "：" + playbook.title;
  }

  function unique(list) { return list.filter((x, i) => list.indexOf(x) === i); }

  function own(table, key) { return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : null; }

  /** What each department prepares: what the playbook's data asks of it, else what the meeting's kind asks of
   * all (both computed by the build, handbook/domain/agenda.py: the planner only picks, as preparation() does). */
  function preparation(meeting, playbook, departments) {
    const specific = playbook ? playbook.preparation : {};
    return departments.map((d) => [d, (own(specific, d) || own(meeting.preparation, d)).slice()]);
  }

  /** A time-boxed agenda; impossible requests throw AgendaError with the Python build's message. */
  function buildAgenda(data, request) {
    const type = request.type;
    const meeting = data.meetingTypes[type];
    if (!meeting) {
      throw new AgendaError("不認識的會議類型「" + type + "」；可用：" + Object.keys(data.meetingTypes).join("、"));
    }
    const departments = request.departments || [];
    const unknown = departments.filter((d) => !data.departments[d]);
    if (unknown.length) {
      throw new AgendaError("找不到部門「" + unknown.join("、") + "」；可用：" + Object.keys(data.departments).join("、"));
    }
    if (!departments.length) throw new AgendaError("議程至少要有一個參與部門");
    const playbook = request.playbook ? data.playbooks[request.playbook] : null;
    if (request.playbook && !playbook) throw new AgendaError("找不到劇本「" + request.playbook + "」");
    if (!(request.minutes >= meeting.minimum)) {
      throw new AgendaError(meeting.name + "至少要 " + meeting.minimum + " 分鐘，這裡只給了 " + request.minutes + " 分鐘");
    }
    const start = request.start || "09:00";
    parseClock(start);
    const chosen = unique(departments);
    const liveTotal = liveSteps(playbook).reduce((sum, s) => sum + s.minutes, 0);
    const minutes = Math.max(request.minutes, liveTotal);
    let offset = 0;
    const items = timeBoxes(data, meeting, chosen, minutes, playbook).map(([slot, box]) => {
      const item = { start: addMinutes(start, offset), minutes: box, title: slot.title, owner: slot.owner };
      offset += box;
      return item;
    });
    return {
      title: request.title || meetingTitle(meeting, playbook),
      meetingType: type, start: start, end: addMinutes(start, minutes), minutes: minutes,
      departments: chosen, items: items, decisions: meeting.decisions.slice(),
      preparation: preparation(meeting, playbook, chosen),
      outside: playbook ? playbook.steps.filter((s) => s.mode === "async")
        .map((s) => ({ text: s.text, minutes: s.minutes, owner: s.owner })) : [],
    };
  }

  function sum(list, key) { return list.reduce((total, x) => total + x[key], 0); }

  /** An agenda as plain text, for a chat group or an e-mail (as handbook/domain/exports.py agenda_text). */
  function agendaText(data, agenda, day) {
    const when = (day ? day + " " : "") + agenda.start + "–" + agenda.end + "（會議 " + agenda.minutes + " 分鐘）";
    let lines = [agenda.title, when, ""];
    lines = lines.concat(agenda.items.map((i) =>
      i.start + "  " + String(i.minutes).padStart(3) + " 分  " + i.title + "（" + ownerName(data, i.owner) + "）"));
    if (agenda.outside.length) {
      lines.push("", "會外工作（不佔會議時間）：");
      lines = lines.concat(agenda.outside.map((w) => "・" + w.text + "（" + w.minutes + " 分，" + ownerName(data, w.owner) + "）"));
    }
    lines.push("", "需要記錄的決議：");
    lines = lines.concat(agenda.decisions.map((d) => "・" + d));
    lines.push("", "會前準備：");
    agenda.preparation.forEach(([d, tasks]) => {
      lines = lines.concat(["【" + departmentName(data, d) + "】"], tasks.map((t) => "・" + t));
    });
    return lines.join("\n") + "\n";
  }

  /** Text made inert in Markdown: no heading, list, task, quote, table or link syntax survives; dates and decimals
   * inside a line stay as they are (as handbook/domain/exports.py markdown_inline). */
  function markdownInline(text) {
    const line = String(text).replace(/\r\n?/g, "\n").replace(/([\\`*_\[\]|<>~])/g, "\\$1").replace(/\n/g, " ");
    const lead = /^(\s*)(#{1,6}(?=\s|$)|[-+](?=\s|$)|-{3,}|\d+(?=[.)](?:\s|$)))/.exec(line);
    if (!lead) return line;
    const at = /^\d/.test(lead[2]) ? lead[0].length : lead[1].length;
    return line.slice(0, at) + "\\" + line.slice(at);
  }

  /** A multi-line answer as Markdown list items, one per non-empty line, each made inert. */
  function markdownItems(text, prefix) {
    return String(text || "").split(/\r\n?|\n/).map((line) => line.trim()).filter(Boolean)
      .map((line) => (prefix || "- ") + markdownInline(line));
  }

  /** An agenda as a Markdown document (as handbook/domain/exports.py agenda_markdown; day adds the date). */
  function agendaMarkdown(data, agenda, day) {
    const cell = markdownInline;
    let lines = ["# " + cell(agenda.title), "",
      "時間：" + (day ? day + " " : "") + agenda.start + "–" + agenda.end + "（會議 " + agenda.minutes + " 分鐘）",
      "參與部門：" + agenda.departments.map((d) => departmentName(data, d)).join("、"), "",
      "| 開始 | 分鐘 | 議題 | 負責 |", "| --- | --- | --- | --- |"];
    lines = lines.concat(agenda.items.map((i) =>
      "| " + i.start + " | " + i.minutes + " | " + i.title + " | " + ownerName(data, i.owner) + " |"));
    if (agenda.outside.length) {
      lines.push("", "## 會外工作（不佔會議時間，共 " + sum(agenda.outside, "minutes") + " 分鐘）", "");
      lines = lines.concat(agenda.outside.map((w) => "- " + w.text + "（" + w.minutes + " 分鐘，" + ownerName(data, w.owner) + "）"));
    }
    lines.push("", "## 需要記錄的決議", "");
    lines = lines.concat(agenda.decisions.map((d) => "- [ ] " + d));
    lines.push("", "## 會前準備", "");
    agenda.preparation.forEach(([d, tasks]) => {
      lines = lines.concat(["- " + departmentName(data, d)], tasks.map((t) => "    - " + markdownInline(t)));
    });
    return lines.join("\n") + "\n";
  }

  /** Escape a TEXT value for iCalendar (RFC 5545 §3.3.11). */
  function icsEscape(text) {
    return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n?|\n/g, "\\n");
  }

  /** Fold a content line at 75 octets without splitting a UTF-8 character. */
  function icsFold(line) {
    const encoder = new TextEncoder();
    const folded = [];
    let current = "";
    let size = 0;
    for (const character of line) {
      const width = encoder.encode(character).length;
      if (size + width > (folded.length ? 74 : 75)) {
        folded.push(current);
        current = "";
        size = 0;
      }
      current += character;
      size += width;
    }
    folded.push(current);
    return folded.map((part, i) => (i ? " " + part : part));
  }

  /** A local date (YYYY-MM-DD) and HH:MM moved on by minutes, as an iCalendar DATE-TIME without zone. */
  function localStamp(day, clock, minutes) {
    const [y, m, d] = day.split("-").map(Number);
    const moment = new Date(Date.UTC(y, m - 1, d, 0, parseClock(clock) + minutes));
    return moment.getUTCFullYear() + pad(moment.getUTCMonth() + 1) + pad(moment.getUTCDate()) + "T" +
      pad(moment.getUTCHours()) + pad(moment.getUTCMinutes()) + "00";
  }

  /** A moment as an iCalendar UTC DATE-TIME. */
  function utcStamp(moment) {
    return moment.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  }

  const TAIPEI = ["BEGIN:VTIMEZONE", "TZID:Asia/Taipei", "BEGIN:STANDARD", "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE"];

  /** An agenda as one event on day at its start, Taipei time; uid and now come from the caller. */
  function agendaIcs(data, agenda, day, options) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day || "")) throw new AgendaError("請選擇會議日期");
    const edition = options.edition === "zh-Hans" ? "ZH-HANS" : "ZH-HANT";
    const fields = ["BEGIN:VCALENDAR", "VERSION:2.0",
      "PRODID:-//collaboration-handbook//meeting-planner " + options.edition + "//" + edition,
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH"].concat(TAIPEI, [
      "BEGIN:VEVENT", "UID:" + options.uid, "DTSTAMP:" + utcStamp(options.now),
      "DTSTART;TZID=Asia/Taipei:" + localStamp(day, agenda.start, 0),
      "DTEND;TZID=Asia/Taipei:" + localStamp(day, agenda.start, agenda.minutes),
      "SUMMARY:" + icsEscape(agenda.title), "DESCRIPTION:" + icsEscape(agendaText(data, agenda)),
      "END:VEVENT", "END:VCALENDAR"]);
    return fields.map(icsFold).reduce((all, parts) => all.concat(parts), []).join("\r\n") + "\r\n";
  }

  /** One event's lines: a meeting at its start (Taipei time) or a whole-day step. */
  function eventLines(event, now) {
    const when = event.start ? ["DTSTART;TZID=Asia/Taipei:" + localStamp(event.day, event.start, 0),
      "DTEND;TZID=Asia/Taipei:" + localStamp(event.day, event.start, event.minutes || 60)]
      : ["DTSTART;VALUE=DATE:" + event.day.replace(/-/g, ""), "DTEND;VALUE=DATE:" + localStamp(event.day, "00:00", 24 * 60).slice(0, 8)];
    return ["BEGIN:VEVENT", "UID:" + event.uid, "DTSTAMP:" + utcStamp(now), "SEQUENCE:" + sequence(now)]
      .concat(when, ["SUMMARY:" + icsEscape(event.summary)],
        event.description ? ["DESCRIPTION:" + icsEscape(event.description)] : [], ["END:VEVENT"]);
  }

  /** A revision number that grows with time, so a calendar re-importing the file takes the newer events. */
  function sequence(now) {
    return Math.max(0, Math.floor((now.getTime() - Date.UTC(2026, 0, 1)) / 60000));
  }

  /** A project's calendar as one file: every event {uid, day, summary, description?, start?, minutes?}; a UID
   * stays the same for the same project and step, so importing the file again updates the events it added. */
  function calendarIcs(events, options) {
    const edition = options.edition === "zh-Hans" ? "ZH-HANS" : "ZH-HANT";
    const usable = events.filter((e) => /^\d{4}-\d{2}-\d{2}$/.test(e.day || ""));
    if (!usable.length) throw new AgendaError("專案還沒有活動日，行事曆排不出日期；請先在專案頁填活動日");
    const fields = ["BEGIN:VCALENDAR", "VERSION:2.0",
      "PRODID:-//collaboration-handbook//project-calendar " + options.edition + "//" + edition,
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + icsEscape(options.name || "專案總時程")]
      .concat(TAIPEI, ...usable.map((e) => eventLines(e, options.now)), ["END:VCALENDAR"]);
    return fields.map(icsFold).reduce((all, parts) => all.concat(parts), []).join("\r\n") + "\r\n";
  }

  /** A random v4 UUID: crypto.randomUUID where the page is a secure context, else from getRandomValues. */
  function uuid(cryptoApi) {
    if (cryptoApi.randomUUID) return cryptoApi.randomUUID();
    const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  /** The day (YYYY-MM-DD) of a step `offset` days from the event day D. A meeting never lands on a weekend:
   * before D it moves to the Friday before, after D to the Monday after (moved says which); D itself stays. */
  function stepDay(eventDate, offset, meeting) {
    const [y, m, d] = eventDate.split("-").map(Number);
    const day = new Date(Date.UTC(y, m - 1, d + offset));
    const weekday = day.getUTCDay();  // 0 Sunday … 6 Saturday
    let shift = 0;
    if (meeting && offset !== 0 && (weekday === 0 || weekday === 6)) {
      shift = offset < 0 ? (weekday === 6 ? -1 : -2) : (weekday === 6 ? 2 : 1);
    }
    day.setUTCDate(day.getUTCDate() + shift);
    return { day: day.toISOString().slice(0, 10), moved: shift < 0 ? "earlier" : shift > 0 ? "later" : "" };
  }

  function round2(value) { return Math.round(value * 100) / 100; }

  /** The stretch target for a rate: margins in percentage points (as handbook/domain/targets.py). */
  function stretchTarget(marketRate, pastMargin, targetMargin) {
    if (![marketRate, pastMargin, targetMargin].every(Number.isFinite)) throw new AgendaError("請填入三個數字");
    if (marketRate < 0 || marketRate > 100) throw new AgendaError("市場平均達成率要在 0–100% 之間（收到 " + marketRate + "）");
    if (targetMargin < pastMargin) {
      throw new AgendaError("目標高出 " + targetMargin + " 個百分點，低於過去的 " + pastMargin + " 個百分點：這不是挑戰，請檢查數字");
    }
    if (marketRate + targetMargin > 100) throw new AgendaError("目標達成率 " + round2(marketRate + targetMargin) + "% 超過 100%，請檢查數字");
    return { stretchPoints: round2(targetMargin - pastMargin), targetRate: round2(marketRate + targetMargin),
      expectedRate: round2(marketRate + pastMargin) };
  }

  /** A gap with its sign. */
  function signed(value) { return value > 0 ? "+" + value : String(value); }

  const api = { AgendaError, allocate, parseClock, addMinutes, buildAgenda, agendaText, agendaMarkdown,
    agendaIcs, calendarIcs, icsEscape, icsFold, uuid, stretchTarget, signed, round2, markdownInline, markdownItems,
    ownerName, departmentName, stepDay };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.HandbookTools = api;
})(typeof window !== "undefined" ? window : this);
