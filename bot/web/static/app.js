// recallbot dashboard: plain browser JavaScript, no libraries, no build step.
// Inside Telegram, telegram-web-app.js provides Telegram.WebApp; without it (a test, a browser)
// the launch data is read from the URL fragment, where Telegram puts it (#tgWebAppData=...).
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("recallbot-strings").textContent);
  var launch = new URLSearchParams(location.hash.slice(1)); // before anything rewrites it
  var locale = config.default;
  var board = null;
  var filters = { cohort: "", unit: "", state: "", sort: "overdue" };
  var entryFilter = "";

  function $(id) { return document.getElementById(id); }

  function S(key) {
    var own = config.strings[locale] || {};
    var fallback = config.strings[config.default] || {};
    return own[key] || fallback[key] || key;
  }

  function webApp() {
    var tg = window.Telegram && window.Telegram.WebApp;
    return tg && tg.initData ? tg : null;
  }

  function initData() {
    var tg = webApp();
    return tg ? tg.initData : launch.get("tgWebAppData") || "";
  }

  function telegramUser() {
    var tg = webApp();
    if (tg && tg.initDataUnsafe && tg.initDataUnsafe.user) return tg.initDataUnsafe.user;
    try {
      return JSON.parse(new URLSearchParams(initData()).get("user") || "null");
    } catch (e) {
      return null;
    }
  }

  function pickLocale(code, fallback) {
    code = (code || "").toLowerCase();
    if (code.indexOf("zh") === 0) return "zh-CN";
    if (code.indexOf("en") === 0) return "en";
    return fallback;
  }

  // -- theme ----------------------------------------------------------------------------

  function themeParams() {
    var tg = window.Telegram && window.Telegram.WebApp;
    if (tg && tg.themeParams && Object.keys(tg.themeParams).length) return tg.themeParams;
    try {
      return JSON.parse(launch.get("tgWebAppThemeParams") || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function applyTheme() {
    var params = themeParams();
    var style = document.documentElement.style;
    Object.keys(params).forEach(function (key) {
      var value = String(params[key]);
      if (/^[a-z_]+$/.test(key) && /^#[0-9a-fA-F]{3,8}$/.test(value)) {
        style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), value);
      }
    });
  }

  function onTelegramReady() {
    var tg = window.Telegram && window.Telegram.WebApp;
    if (!tg) return;
    applyTheme();
    if (tg.onEvent) tg.onEvent("themeChanged", applyTheme);
    if (tg.BackButton && tg.BackButton.onClick) tg.BackButton.onClick(showBoard);
    if (tg.ready) tg.ready();
    if (tg.expand) tg.expand();
  }

  // -- small DOM helpers ----------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var SVG = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function option(select, value, label) {
    var node = el("option", "", label);
    node.value = value;
    select.appendChild(node);
  }

  // -- the API --------------------------------------------------------------------------

  function api(path) {
    return fetch(path, {
      headers: { Authorization: "tma " + initData() },
      credentials: "omit",
      cache: "no-store",
    }).then(function (response) {
      if (response.ok) return response.json();
      var error = new Error("HTTP " + response.status);
      error.status = response.status;
      throw error;
    });
  }

  function showError(error) {
    var key = { 401: "unauthorized", 403: "forbidden", 404: "not-found" }[error.status] || "network";
    var status = $("status");
    status.textContent = S(key);
    status.className = "notice error";
    document.body.setAttribute("data-state", "error");
    document.body.setAttribute("data-error", String(error.status || "network"));
  }

  // -- chrome ---------------------------------------------------------------------------

  function renderChrome() {
    document.documentElement.lang = locale;
    document.title = S("title");
    if (!board) $("title").textContent = S("title");
    $("chart-cohorts-title").textContent = S("chart-cohorts");
    $("chart-weeks-title").textContent = S("chart-weeks");
    $("label-cohort").textContent = S("filter-cohort");
    $("label-unit").textContent = S("filter-unit");
    $("label-state").textContent = S("filter-state");
    $("label-sort").textContent = S("sort");
    $("back").textContent = "‹ " + S("back");
  }

  // -- charts ---------------------------------------------------------------------------

  function cohortChart(cohorts) {
    var width = 360, row = 34, height = Math.max(1, cohorts.length) * row + 4;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
    chart.appendChild(svg("title", {}, S("chart-cohorts")));
    if (!cohorts.length) {
      chart.appendChild(svg("text", { x: 0, y: 16, class: "axis" }, S("no-cases")));
    }
    cohorts.forEach(function (c, i) {
      var y = i * row;
      var barWidth = width - 48;
      var group = svg("g", { "data-cohort": c.cohort });
      group.appendChild(svg("title", {}, c.label + ": " + c.text));
      group.appendChild(svg("text", { x: 0, y: y + 12 }, c.label + " · " + c.text));
      group.appendChild(svg("rect", { x: 0, y: y + 17, width: barWidth, height: 10, rx: 5, class: "track" }));
      var done = Math.round((barWidth * c.percent) / 100);
      if (done > 0) {
        group.appendChild(svg("rect", { x: 0, y: y + 17, width: done, height: 10, rx: 5, class: "done" }));
      }
      group.appendChild(svg("text", { x: width, y: y + 26, "text-anchor": "end" }, c.percent + "%"));
      chart.appendChild(group);
    });
    return chart;
  }

  function weekChart(weeks) {
    var width = 360, height = 130, left = 26, bottom = 18, top = 12;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img" });
    chart.appendChild(svg("title", {}, S("chart-weeks")));
    var most = 1;
    weeks.forEach(function (w) { most = Math.max(most, w.overdue); });
    var plot = height - bottom - top;
    var step = (width - left) / Math.max(1, weeks.length);
    chart.appendChild(svg("line", { x1: left, y1: top, x2: width, y2: top, class: "grid" }));
    chart.appendChild(svg("line", { x1: left, y1: top + plot, x2: width, y2: top + plot, class: "grid" }));
    chart.appendChild(svg("text", { x: left - 4, y: top + 4, "text-anchor": "end", class: "axis" }, most));
    chart.appendChild(svg("text", { x: left - 4, y: top + plot, "text-anchor": "end", class: "axis" }, 0));
    var points = [];
    weeks.forEach(function (w, i) {
      var x = left + i * step + step / 2;
      var h = (plot * w.overdue) / most;
      var group = svg("g", { "data-week": w.start, "data-overdue": w.overdue });
      group.appendChild(svg("title", {}, w.title));
      group.appendChild(svg("rect", {
        x: x - step * 0.3, y: top + plot - h, width: step * 0.6, height: h, class: "late", opacity: 0.35,
      }));
      if (w.overdue > 0) {
        group.appendChild(svg("text", { x: x, y: top + plot - h - 3, "text-anchor": "middle" }, w.overdue));
      }
      if ((weeks.length - 1 - i) % 2 === 0 || weeks.length < 7) {
        group.appendChild(svg("text", { x: x, y: height - 4, "text-anchor": "middle", class: "axis" }, w.label));
      }
      chart.appendChild(group);
      points.push(x.toFixed(1) + "," + (top + plot - h).toFixed(1));
    });
    if (points.length > 1) chart.appendChild(svg("polyline", { points: points.join(" "), class: "line" }));
    return chart;
  }

  // -- the board ------------------------------------------------------------------------

  function fillSelect(select, values, allLabel, current) {
    clear(select);
    option(select, "", allLabel);
    values.forEach(function (pair) { option(select, pair[0], pair[1]); });
    select.value = current;
    if (select.value !== current) select.value = "";
  }

  function distinct(cases, key, labelKey) {
    var seen = {}, out = [];
    cases.forEach(function (c) {
      if (!(c[key] in seen)) {
        seen[c[key]] = true;
        out.push([c[key], c[labelKey]]);
      }
    });
    return out.sort(function (a, b) { return a[1].localeCompare(b[1], locale); });
  }

  function renderControls() {
    var cases = board.cases;
    fillSelect($("filter-cohort"), distinct(cases, "cohort", "cohort_label"), S("all"), filters.cohort);
    fillSelect($("filter-unit"), distinct(cases, "unit", "unit"), S("all"), filters.unit);
    var states = ["overdue", "on_track", "closed"].map(function (s) { return [s, S("state-" + s)]; });
    fillSelect($("filter-state"), states, S("all"), filters.state);
    var sort = $("sort");
    clear(sort);
    ["overdue", "progress", "name", "id"].forEach(function (s) { option(sort, s, S("sort-" + s)); });
    sort.value = filters.sort;
  }

  var SORTS = {
    overdue: function (a, b) { return b.days_overdue - a.days_overdue || b.overdue - a.overdue || a.id - b.id; },
    progress: function (a, b) { return a.percent - b.percent || a.id - b.id; },
    name: function (a, b) { return a.cadre.localeCompare(b.cadre, locale) || a.id - b.id; },
    id: function (a, b) { return a.id - b.id; },
  };

  function shownCases() {
    return board.cases.filter(function (c) {
      return (!filters.cohort || c.cohort === filters.cohort) &&
        (!filters.unit || c.unit === filters.unit) &&
        (!filters.state || c.state === filters.state);
    }).sort(SORTS[filters.sort] || SORTS.overdue);
  }

  function caseItem(c) {
    var item = el("li", "case " + c.state);
    item.setAttribute("data-case-id", c.id);
    item.setAttribute("tabindex", "0");
    var head = el("div", "head");
    head.appendChild(el("span", "name", c.cadre));
    head.appendChild(el("span", "state", c.state_label));
    item.appendChild(head);
    item.appendChild(el("div", "where", c.unit + " · " + c.cohort_label));
    var bar = el("div", "bar");
    var fill = el("div", "fill");
    fill.style.width = c.percent + "%";
    bar.appendChild(fill);
    item.appendChild(bar);
    var numbers = el("div", "numbers");
    numbers.appendChild(el("span", "", c.progress_label));
    numbers.appendChild(el("span", "", c.percent + "%"));
    item.appendChild(numbers);
    if (c.leave_label) item.appendChild(el("div", "leave", c.leave_label));
    if (c.overdue_steps.length) {
      var late = el("div", "late", c.overdue_label);
      var list = el("ul");
      c.overdue_steps.slice(0, 3).forEach(function (s) { list.appendChild(el("li", "", s.text)); });
      if (c.overdue_steps.length > 3) list.appendChild(el("li", "", "…"));
      late.appendChild(list);
      item.appendChild(late);
    }
    function open() { openCase(c.id); }
    item.addEventListener("click", open);
    item.addEventListener("keydown", function (event) { if (event.key === "Enter") open(); });
    return item;
  }

  function renderCases() {
    var list = clear($("cases"));
    var shown = shownCases();
    shown.forEach(function (c) { list.appendChild(caseItem(c)); });
    if (!board.cases.length) list.appendChild(el("li", "notice", S("no-cases")));
    else if (!shown.length) list.appendChild(el("li", "notice", S("no-match")));
    $("shown").textContent = S("shown") + " " + shown.length + " / " + board.cases.length;
  }

  function renderBoard() {
    $("title").textContent = board.title;
    $("summary").textContent = board.summary;
    clear($("chart-cohorts")).appendChild(cohortChart(board.cohorts));
    clear($("chart-weeks")).appendChild(weekChart(board.weeks));
    renderControls();
    renderCases();
  }

  function showBoard() {
    $("case").hidden = true;
    $("board").hidden = false;
    var tg = webApp();
    if (tg && tg.BackButton) tg.BackButton.hide();
  }

  // -- one case -------------------------------------------------------------------------

  function renderEntries(data) {
    var list = clear($("entries"));
    data.entries.forEach(function (e) {
      if (entryFilter && e.type !== entryFilter) return;
      var item = el("li", "entry " + e.type + " " + e.status);
      item.setAttribute("data-type", e.type);
      item.appendChild(el("div", "when", e.day + " · " + e.type_label));
      item.appendChild(el("div", "what", e.title));
      var status = (e.status_label || "") + (e.late ? " · " + S("late") : "");
      if (status) item.appendChild(el("div", "status", status));
      if (e.detail) item.appendChild(el("div", "detail", e.detail));
      list.appendChild(item);
    });
  }

  function renderCase(data) {
    $("case-title").textContent = data.title;
    var facts = clear($("case-facts"));
    data.facts.forEach(function (f) { facts.appendChild(el("li", "", f)); });
    $("case-bar").style.width = data.percent + "%";
    $("case-progress").textContent = data.progress_label + " · " + data.percent + "%";
    var chips = clear($("entry-filters"));
    var types = [""];
    data.entries.forEach(function (e) { if (types.indexOf(e.type) < 0) types.push(e.type); });
    types.forEach(function (type) {
      var chip = el("button", "chip", type ? S("entry-" + type) : S("all"));
      chip.type = "button";
      chip.setAttribute("aria-pressed", String(type === entryFilter));
      chip.addEventListener("click", function () {
        entryFilter = type;
        renderCase(data);
      });
      chips.appendChild(chip);
    });
    renderEntries(data);
  }

  function openCase(id) {
    document.body.setAttribute("data-state", "loading");
    api("app/api/cases/" + encodeURIComponent(id)).then(function (data) {
      entryFilter = "";
      $("board").hidden = true;
      $("case").hidden = false;
      renderCase(data);
      window.scrollTo(0, 0);
      var tg = webApp();
      if (tg && tg.BackButton) tg.BackButton.show();
      document.body.setAttribute("data-state", "case");
    }).catch(showError);
  }

  // -- start ----------------------------------------------------------------------------

  function start() {
    applyTheme();
    locale = pickLocale((telegramUser() || {}).language_code, config.default);
    renderChrome();
    if (!initData()) {
      showError({ status: 401 });
      return;
    }
    $("status").textContent = S("loading");
    document.body.setAttribute("data-state", "loading");
    api("app/api/cases").then(function (data) {
      board = data;
      locale = data.locale || locale;
      renderChrome();
      $("status").textContent = "";
      $("board").hidden = false;
      renderBoard();
      document.body.setAttribute("data-state", "ready");
    }).catch(showError);

    [["filter-cohort", "cohort"], ["filter-unit", "unit"], ["filter-state", "state"], ["sort", "sort"]]
      .forEach(function (pair) {
        $(pair[0]).addEventListener("change", function (event) {
          filters[pair[1]] = event.target.value;
          renderCases();
        });
      });
    $("back").addEventListener("click", showBoard);
  }

  // Telegram's script loads asynchronously: use it whenever it arrives.
  var sdk = document.querySelector('script[src*="telegram-web-app.js"]');
  if (window.Telegram && window.Telegram.WebApp) onTelegramReady();
  else if (sdk) sdk.addEventListener("load", onTelegramReady);
  start();
})();
