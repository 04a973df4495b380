// careernb's answer field: what is typed is kept in this browser (localStorage)
// until the kernel reports that the store wrote exactly that text.
const PING_EVERY = 4000; // ms between liveness checks while someone is typing here
const PONG_WITHIN = 1500; // ms: no answer by then shows "Not connected"
const PING_WHILE_TYPING = 1000; // ms: a keystroke checks again only once the last answer is this old

function read(key) {
  try {
    const raw = window.localStorage.getItem(key);
    const kept = raw ? JSON.parse(raw) : null;
    return kept && typeof kept.text === "string" ? kept : null;
  } catch (_e) {
    return null; // storage switched off or damaged: nothing kept to offer
  }
}

function write(key, text) {
  try {
    window.localStorage.setItem(key, JSON.stringify({ text, at: Date.now() }));
    return true;
  } catch (_e) {
    return false;
  }
}

function forget(key) {
  try {
    window.localStorage.removeItem(key);
  } catch (_e) {
    /* nothing kept */
  }
}

function when(ms) {
  const d = new Date(ms);
  const time = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  return `${time} on ${d.toLocaleDateString([], { day: "numeric", month: "short", year: "numeric" })}`;
}

// A textarea gives "\n" for every line break; a saved answer may hold "\r\n" (a file, an
// import): the same text, never "not saved" for that alone.
function same(a, b) {
  return a.replace(/\r\n?/g, "\n") === b.replace(/\r\n?/g, "\n");
}

function element(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// The panel's "Saved at ..." line says "Not connected" too: Python cannot update it any more.
function panelStatus(el) {
  const panel = panelOf(el);
  return panel ? panel.querySelector(".careernb-save-status") : null;
}

function panelOf(el) {
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (p.querySelector(".careernb-save-status")) return p;
  }
  return null;
}

// While not connected, the panel's other fields (a note, a date, a tick) keep nothing typed in
// them: they take no typing until the kernel answers again, rather than lose it unseen.
const FROZEN = "careernbNotConnected";
function freezeOthers(el, on) {
  const panel = panelOf(el);
  if (!panel) return;
  for (const f of panel.querySelectorAll("textarea, input, select")) {
    if (f.closest(".careernb-answer-field")) continue;
    if (on && !f.disabled && !f.readOnly) {
      f.dataset[FROZEN] = "1";
      if (f.tagName === "TEXTAREA" || ["text", "number", "date", "time"].includes(f.type)) f.readOnly = true;
      else f.disabled = true;
    } else if (!on && f.dataset[FROZEN]) {
      delete f.dataset[FROZEN];
      f.readOnly = false;
      f.disabled = false;
    }
  }
}

function render({ model, el }) {
  const key = model.get("keep_as");
  el.classList.add("careernb-answer-field");
  const area = element("textarea", "careernb-answer-text");
  area.rows = model.get("rows");
  area.placeholder = model.get("placeholder");
  area.setAttribute("aria-label", model.get("label") || model.get("placeholder"));
  area.value = model.get("value");
  const offer = element("div", "careernb-kept");
  offer.hidden = true;
  offer.setAttribute("role", "alert");
  const state = element("div", "careernb-field-state");
  state.setAttribute("role", "status");
  state.setAttribute("aria-live", "polite");
  el.append(area, offer, state);

  let connected = true;
  let waiting = null; // the ping not answered yet
  let pings = 0;
  let answered = 0; // when the kernel last answered a ping
  let status = null; // the panel's status line, while this field overrides it
  let statusWas = "";

  function show() {
    el.classList.toggle("careernb-not-connected", !connected);
    if (!connected) {
      state.textContent = model.get("not_connected");
      state.dataset.state = "not-connected";
      const s = panelStatus(el);
      if (s && status !== s) {
        status = s;
        statusWas = s.innerHTML;
      }
      if (s) s.innerHTML = `<span class="careernb-not-connected-status">${model.get("not_connected")}</span>`;
      freezeOthers(el, true);
      return;
    }
    if (status) {
      if (status.querySelector(".careernb-not-connected-status")) status.innerHTML = statusWas;
      status = null;
      freezeOthers(el, false);
    }
    if (model.get("locked")) {
      state.textContent = "";
      state.dataset.state = "locked";
      return;
    }
    const unsaved = !same(area.value, model.get("saved"));
    state.textContent = unsaved ? (key ? "Not saved yet — kept in this browser" : "Not saved yet") : "";
    state.dataset.state = unsaved ? "pending" : "saved";
  }

  function lost() {
    waiting = null;
    if (connected) {
      connected = false;
      show();
    }
  }

  function ping() {
    if (waiting) return;
    const n = ++pings;
    waiting = { n, timer: setTimeout(lost, PONG_WITHIN) };
    try {
      model.send({ type: "ping", n });
    } catch (_e) {
      clearTimeout(waiting.timer);
      lost();
    }
  }

  function onMessage(msg) {
    if (!msg || msg.type !== "pong") return;
    if (waiting) clearTimeout(waiting.timer);
    waiting = null;
    answered = Date.now();
    if (!connected) {
      connected = true; // a late answer: the kernel was busy, not gone
      show();
    }
  }

  function keep(text) {
    if (!key) return;
    if (same(text, model.get("saved"))) forget(key);
    else write(key, text);
  }

  function typed() {
    const text = area.value;
    keep(text); // first, before anything that needs the kernel
    model.set("value", text);
    model.save_changes();
    show();
    // A kernel that answered within the last second is there: no ping for every keystroke.
    if (Date.now() - answered > PING_WHILE_TYPING) ping();
  }

  function leave() {
    if (!same(area.value, model.get("saved")) && connected) {
      try {
        model.send({ type: "leave" });
      } catch (_e) {
        lost();
      }
    }
  }

  function onSaved() {
    const kept = key ? read(key) : null;
    if (kept && same(kept.text, model.get("saved"))) forget(key);
    show();
  }

  function onValue() {
    const text = model.get("value");
    if (text !== area.value && !area.readOnly) {
      area.value = text;
      show();
    }
  }

  // A private note read while locked holds its sealed cell: show none of it, and take no typing.
  function onLocked() {
    const on = model.get("locked");
    el.classList.toggle("careernb-locked", on);
    area.readOnly = on;
    area.value = on ? "" : model.get("value");
    area.placeholder = on ? model.get("locked_text") : model.get("placeholder");
    show();
  }

  function offerBack(kept) {
    area.readOnly = true;
    el.classList.add("careernb-offering");
    const saved = model.get("saved");
    const older = model.get("saved_at") > kept.at && saved;
    offer.replaceChildren(
      element("div", "careernb-kept-title", `Typed in this browser at ${when(kept.at)} and not saved:`),
      element("div", "careernb-kept-text", kept.text || "(an empty answer)"),
      element(
        "div",
        "careernb-kept-note",
        older
          ? `The saved answer is newer (${when(model.get("saved_at"))}). Choose which one to keep.`
          : saved
            ? "The saved answer stays in the field until you choose."
            : "",
      ),
    );
    const use = element("button", "careernb-kept-use", "Put it back");
    const drop = element("button", "careernb-kept-discard", older ? "Keep the saved answer" : "Discard it");
    use.type = drop.type = "button";
    const buttons = element("div", "careernb-kept-buttons");
    buttons.append(use, drop);
    offer.append(buttons);
    offer.hidden = false;
    const done = () => {
      offer.hidden = true;
      offer.replaceChildren();
      area.readOnly = false;
      el.classList.remove("careernb-offering");
    };
    use.addEventListener("click", () => {
      done();
      area.value = kept.text;
      typed();
      leave(); // a deliberate choice: save it now
      area.focus();
    });
    drop.addEventListener("click", () => {
      forget(key);
      done();
      show();
    });
  }

  function onHidden() {
    if (document.visibilityState === "hidden") leave();
  }

  // As ipywidgets' own Textarea does: keys typed here are the answer's, not JupyterLab's
  // shortcuts (Enter would otherwise enter edit mode instead of starting a new line).
  for (const kind of ["keydown", "keypress", "keyup"]) {
    area.addEventListener(kind, (event) => event.stopPropagation());
  }
  area.addEventListener("input", typed);
  area.addEventListener("focus", ping);
  area.addEventListener("blur", leave);
  // Listeners outside this field's own elements: the page's and the model's, taken off again on removal.
  const pageEvents = [
    [document, "visibilitychange", onHidden],
    [window, "pagehide", leave],
  ];
  const modelEvents = [
    ["msg:custom", onMessage],
    ["change:saved_at", onSaved],
    ["change:value", onValue],
    ["change:locked", onLocked],
    ["comm_live_update", lost], // the widget manager saw the kernel restart: this field's kernel is gone
  ];
  for (const [target, kind, listener] of pageEvents) target.addEventListener(kind, listener);
  for (const [name, listener] of modelEvents) model.on(name, listener);
  const beat = setInterval(() => {
    if (document.visibilityState !== "visible") return;
    if (!connected || document.activeElement === area || !same(area.value, model.get("saved"))) ping();
  }, PING_EVERY);

  const kept = key && !model.get("locked") ? read(key) : null;
  if (kept && !same(kept.text, model.get("saved"))) offerBack(kept);
  else if (kept) forget(key);
  if (model.get("locked")) onLocked();
  show();

  return () => {
    clearInterval(beat);
    if (waiting) clearTimeout(waiting.timer);
    for (const [target, kind, listener] of pageEvents) target.removeEventListener(kind, listener);
    for (const [name, listener] of modelEvents) model.off(name, listener);
  };
}

export default { render };
