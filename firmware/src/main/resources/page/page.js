// Ironloop status page: live values over server-sent events, plots with uPlot, operator actions with a token.
// No framework and nothing from the network: everything comes from the firmware that serves this file.
(function () {
  "use strict";

  const WINDOW_S = 300;          // the plots show the last five minutes
  const LATENCIES_KEPT = 600;

  const state = {
    config: null,
    plots: [],                    // per loop: {plot, data: [t[], pv[], sp[], out[]]}
    latencies: [],                // ms from the firmware's snapshot to this page receiving it, newest last
    painted: [],                  // ms from the firmware's snapshot to the next frame after the page updated
    readingAges: [],              // ms from the sensor reading (first loop's measurement) to the snapshot
    samples: 0,
    lastSeq: 0,
    last: null,
  };
  window.ironloop = state;        // read by the browser test

  const $ = (selector, root) => (root || document).querySelector(selector);

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function fmt(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    return Number(value).toFixed(digits === undefined ? 3 : digits);
  }

  function age(ms) {
    if (ms === null || ms === undefined) return "–";
    return ms < 1000 ? ms.toFixed(0) + " ms" : (ms / 1000).toFixed(1) + " s";
  }

  function token() {
    return sessionStorage.getItem("ironloop-token") || "";
  }

  function showReply(ok, text) {
    const reply = $("#reply");
    reply.className = "reply " + (ok ? "ok" : "bad");
    reply.textContent = text;
  }

  let commandCount = 0;
  async function command(body) {
    body = Object.assign({ id: "page-" + Date.now().toString(36) + "-" + (++commandCount) }, body);
    const headers = { "Content-Type": "application/json" };
    if (token()) headers.Authorization = "Bearer " + token();
    let answer;
    try {
      const response = await fetch("/api/command", { method: "POST", headers, body: JSON.stringify(body) });
      answer = await response.json().catch(() => ({ accepted: false, reason: "http-" + response.status, message: response.statusText }));
    } catch (error) {
      answer = { accepted: false, reason: "unreachable", message: String(error) };
    }
    const what = body.command + " " + body.loop + (body.value !== undefined ? " " + body.value : "") + (body.mode ? " " + body.mode : "");
    showReply(answer.accepted, (answer.accepted ? "✓ " : "✗ ") + what + ": " + answer.reason + (answer.message ? " — " + answer.message : ""));
    return answer;
  }

  function plotSize(container) {
    return { width: Math.max(300, container.clientWidth - 4), height: 220 };
  }

  function buildLoop(loop, index) {
    const card = el("div", { class: "loop", id: "loop-" + index, "data-loop": loop.id });
    const mode = el("span", { class: "badge mode-OFF", "data-field": "mode", text: "–" });
    const value = (label, field, unit) => el("span", { class: "value" }, [
      el("span", { class: "label", text: label + " " }), el("b", { "data-field": field, text: "–" }), " " + unit]);
    card.append(el("div", { class: "loop-head" }, [
      el("h3", { text: loop.id }), mode,
      value("measurement", "pv", loop.unit), value("setpoint", "sp", loop.unit), value("output", "out", ""),
      el("span", { class: "label", "data-field": "watchdog", text: "" }),
    ]));

    const setpoint = el("input", { type: "number", step: "any", min: String(loop.setpointLow), max: String(loop.setpointHigh),
      "data-input": "setpoint", "aria-label": "new setpoint of " + loop.id });
    const modeSelect = el("select", { "data-input": "mode", "aria-label": "mode of " + loop.id },
      ["OFF", "MANUAL", "AUTO", "ADVISED"].map(m => el("option", { value: m, text: m })));
    const setButton = el("button", { type: "button", "data-action": "setpoint", text: "Set" });
    const modeButton = el("button", { type: "button", "data-action": "mode", text: "Apply" });
    const resetButton = el("button", { type: "button", class: "danger", "data-action": "reset", text: "Reset SAFE" });
    setButton.addEventListener("click", () => {
      if (setpoint.value === "") { showReply(false, "enter a setpoint first"); return; }
      command({ command: "setpoint", loop: loop.id, value: Number(setpoint.value) });
    });
    modeButton.addEventListener("click", () => command({ command: "mode", loop: loop.id, mode: modeSelect.value }));
    resetButton.addEventListener("click", () => command({ command: "reset", loop: loop.id }));
    card.append(el("div", { class: "controls" }, [
      el("fieldset", {}, [el("legend", { text: "setpoint (" + fmt(loop.setpointLow, 2) + " – " + fmt(loop.setpointHigh, 2) + " " + loop.unit + ")" }), setpoint, setButton]),
      el("fieldset", {}, [el("legend", { text: "mode" }), modeSelect, modeButton]),
      el("fieldset", {}, [el("legend", { text: "after a trip (resets to " + loop.resetTo + ")" }), resetButton]),
    ]));

    const container = el("div", { class: "plot" });
    card.append(container);
    $("#loops").append(card);

    const data = [[], [], [], []];
    const opts = Object.assign(plotSize(container), {
      title: loop.id + " — last " + (WINDOW_S / 60) + " minutes",
      scales: { x: { time: true }, out: { range: [Math.min(0, loop.outputMin), Math.max(1, loop.outputMax)] } },
      series: [
        {},
        { label: "measurement (" + loop.unit + ")", stroke: "#1565c0", width: 2, value: (u, v) => fmt(v) },
        { label: "setpoint (" + loop.unit + ")", stroke: "#2e7d32", width: 2, dash: [6, 4], value: (u, v) => fmt(v) },
        { label: "output", stroke: "#e65100", width: 1.5, scale: "out", value: (u, v) => fmt(v) },
      ],
      axes: [
        {},
        { label: loop.unit, size: 60 },
        { side: 1, scale: "out", label: "output", grid: { show: false }, size: 50 },
      ],
      legend: { live: false },
    });
    const plot = new uPlot(opts, data, container);
    state.plots.push({ plot, data, container, card });
  }

  function trim(data, nowS) {
    const cut = nowS - WINDOW_S;
    let drop = 0;
    while (drop < data[0].length && data[0][drop] < cut) drop++;
    if (drop > 0) for (const column of data) column.splice(0, drop);
  }

  function setRows(tbody, rows) {
    tbody.replaceChildren(...rows.map(cells => el("tr", {}, cells.map(cell => {
      const td = el("td", { class: cell.cls || "", text: cell.text === undefined ? String(cell) : cell.text });
      return td;
    }))));
  }

  function onSample(sample) {
    const receivedMs = Date.now();
    state.samples++;
    state.lastSeq = sample.seq;
    state.last = sample;
    state.latencies.push(receivedMs - sample.t);
    if (state.latencies.length > LATENCIES_KEPT) state.latencies.shift();
    if (sample.loops.length && sample.loops[0].pvAgeMs !== undefined && sample.loops[0].pvAgeMs !== null) {
      state.readingAges.push(sample.loops[0].pvAgeMs);
      if (state.readingAges.length > LATENCIES_KEPT) state.readingAges.shift();
    }
    requestAnimationFrame(() => {
      state.painted.push(Date.now() - sample.t);
      if (state.painted.length > LATENCIES_KEPT) state.painted.shift();
    });

    const nowS = sample.t / 1000;
    sample.loops.forEach((loop, i) => {
      const entry = state.plots[i];
      if (!entry) return;
      const card = entry.card;
      const mode = $("[data-field=mode]", card);
      mode.textContent = loop.mode;
      mode.className = "badge mode-" + loop.mode;
      $("[data-field=pv]", card).textContent = fmt(loop.pv);
      $("[data-field=sp]", card).textContent = fmt(loop.sp);
      $("[data-field=out]", card).textContent = fmt(loop.out);
      $("[data-field=watchdog]", card).textContent = "watchdog " + (loop.watchdog || "–") + " · interlock trips " + loop.interlockTrips;
      entry.data[0].push(nowS);
      entry.data[1].push(loop.pv);
      entry.data[2].push(loop.sp);
      entry.data[3].push(loop.out);
      trim(entry.data, nowS);
      entry.plot.setData(entry.data);
    });

    setRows($("#sensors tbody"), sample.sensors.map(s => [
      { text: s.id }, { text: fmt(s.value), cls: "num" }, { text: s.unit },
      { text: s.status + (s.error ? " (" + s.error + ")" : ""), cls: "st-" + s.status.split(" ")[0] },
      { text: age(s.ageMs), cls: "num" }, { text: String(s.faults), cls: "num" }, { text: String(s.reads), cls: "num" },
      { text: String(s.resets), cls: "num" }]));
    setRows($("#actuators tbody"), sample.actuators.map(a => [
      { text: a.id }, { text: fmt(a.value), cls: "num" }, { text: a.status, cls: "st-" + a.status.split(" ")[0] },
      { text: String(a.writeFailures), cls: "num" }]));
    setRows($("#interlocks tbody"), sample.interlocks.length ? sample.interlocks.map(i => [
      { text: i.id }, { text: i.kind }, { text: i.sensor }, { text: i.loops }, { text: i.state, cls: "st-" + i.state }])
      : [[{ text: "none configured" }, "", "", "", ""]]);

    const r = sample.runtime, m = sample.mqtt, p = sample.page;
    setRows($("#runtime tbody"), [
      ["control cycles", { text: r.cycles.toLocaleString("en"), cls: "num" }],
      ["wake-up jitter max", { text: fmt(r.jitterMaxUs, 0) + " µs", cls: "num" }],
      ["cycle time max", { text: fmt(r.cycleTimeMaxUs, 0) + " µs", cls: "num" }],
      ["overruns", { text: String(r.overruns), cls: "num" + (r.overruns ? " st-STALE" : "") }],
      ["missed deadlines", { text: String(r.missedDeadlines), cls: "num" }],
      ["watchdog", { text: sample.loops.map(l => l.watchdog).filter(w => w && w !== "OK").join(", ") || "OK",
        cls: sample.loops.some(l => l.watchdog && l.watchdog !== "OK") ? "st-TRIP" : "st-OK" }],
      ["loop errors / agent errors", { text: r.loopErrors + " / " + r.agentErrors, cls: "num" }],
      ["last-resort trips", { text: String(r.lastResortTrips), cls: "num" }],
      ["MQTT link", m.enabled ? { text: m.connected ? "connected" : "DOWN", cls: m.connected ? "st-OK" : "st-FAULT" } : { text: "off (--no-mqtt)" }],
      ["MQTT backlog", { text: String(m.backlog) + " messages", cls: "num" }],
      ["telemetry samples dropped", { text: String(r.telemetryDropped), cls: "num" }],
      ["command queue", { text: String(r.commandQueue), cls: "num" }],
      ["page: browsers / dropped events / refused requests / bad tokens",
        { text: p.clients + " / " + p.eventsDropped + " / " + p.requestsRefused + " / " + p.unauthorized, cls: "num" }],
    ]);
    setRows($("#counters tbody"), sample.counters.map(([label, value]) => [label, { text: String(value), cls: "num" }]));

    const alarms = $("#alarms");
    alarms.replaceChildren(...(sample.alarms.length ? sample.alarms.map(a => el("li", { text: a })) : [el("li", { class: "none", text: "none" })]));

    const recent = state.latencies.slice(-50);
    const sorted = recent.slice().sort((a, b) => a - b);
    $("#latency").textContent = "latency " + recent[recent.length - 1] + " ms (p50 " + sorted[Math.floor(sorted.length / 2)] + ")";
  }

  function connect() {
    const link = $("#link");
    const source = new EventSource("/api/events");
    source.onopen = () => { link.textContent = "live"; link.className = "badge ok"; };
    source.onerror = () => { link.textContent = "reconnecting…"; link.className = "badge bad"; };
    source.onmessage = event => {
      try { onSample(JSON.parse(event.data)); } catch (error) { console.error(error); }
    };
  }

  async function start() {
    $("#token").value = token();
    $("#token-form").addEventListener("submit", event => {
      event.preventDefault();
      sessionStorage.setItem("ironloop-token", $("#token").value.trim());
      showReply(true, $("#token").value.trim() ? "token kept for this tab" : "token cleared");
    });
    state.config = await (await fetch("/api/config")).json();
    $("#machine").textContent = state.config.machine;
    document.title = state.config.machine + " · Ironloop";
    state.config.loops.forEach(buildLoop);
    const history = await (await fetch("/api/history")).json();
    history.loops.forEach((loop, i) => {
      const entry = state.plots[i];
      if (!entry) return;
      entry.data[0] = history.t.map(t => t / 1000);
      entry.data[1] = loop.pv;
      entry.data[2] = loop.sp;
      entry.data[3] = loop.out;
      entry.plot.setData(entry.data);
    });
    window.addEventListener("resize", () => state.plots.forEach(e => e.plot.setSize(plotSize(e.container))));
    connect();
  }

  start().catch(error => showReply(false, "cannot load the page's data: " + error));
})();
