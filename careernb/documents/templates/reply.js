/* The contract's reply: written offline in the person's browser, sent by their own mail program.
   No request leaves this page, except on the report's page of an organisation's hub, where Send
   posts the same reply to that page. The block at the end of the reply is what careernb reads back:
   base64url(JSON) "." base64url(HMAC-SHA256(token, JSON)), as careernb/domain/reply_block.py reads it. */
(function () {
  "use strict";
  var form = document.getElementById("careernb-reply");
  var data = JSON.parse(document.getElementById("careernb-reply-data").textContent);
  if (!form || !data) { return; }
  form.hidden = false;
  var missing = document.getElementById("careernb-reply-no-script");
  if (missing) { missing.hidden = true; }

  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  // SHA-256 by hand: crypto.subtle exists only in secure contexts, and a mail attachment may not be one.
  function sha256(bytes) {
    var H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length;
    var padded = new Uint8Array((((length + 8) >> 6) + 1) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var bits = length * 8, end = padded.length;
    for (var b = 1; b <= 8; b++) { padded[end - b] = bits & 255; bits = Math.floor(bits / 256); }
    var w = new Array(64);
    for (var off = 0; off < end; off += 64) {
      var i;
      for (i = 0; i < 16; i++) {
        var at = off + 4 * i;
        w[i] = (padded[at] << 24) | (padded[at + 1] << 16) | (padded[at + 2] << 8) | padded[at + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = H[0], c1 = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
      for (i = 0; i < 64; i++) {
        var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & c1) ^ (a & c) ^ (c1 & c))) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = c1; c1 = a; a = (t1 + t2) | 0;
      }
      H[0] = (H[0] + a) | 0; H[1] = (H[1] + c1) | 0; H[2] = (H[2] + c) | 0; H[3] = (H[3] + d) | 0;
      H[4] = (H[4] + e) | 0; H[5] = (H[5] + f) | 0; H[6] = (H[6] + g) | 0; H[7] = (H[7] + h) | 0;
    }
    var out = new Uint8Array(32);
    for (var j = 0; j < 8; j++) {
      out[4 * j] = H[j] >>> 24; out[4 * j + 1] = (H[j] >>> 16) & 255;
      out[4 * j + 2] = (H[j] >>> 8) & 255; out[4 * j + 3] = H[j] & 255;
    }
    return out;
  }

  function concat(x, y) { var z = new Uint8Array(x.length + y.length); z.set(x); z.set(y, x.length); return z; }

  function hmac(key, message) {
    if (key.length > 64) { key = sha256(key); }
    var inner = new Uint8Array(64), outer = new Uint8Array(64);
    for (var i = 0; i < 64; i++) { var k = i < key.length ? key[i] : 0; inner[i] = k ^ 0x36; outer[i] = k ^ 0x5c; }
    return sha256(concat(outer, sha256(concat(inner, message))));
  }

  function base64url(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i += 0x8000) {
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  var utf8 = new TextEncoder();

  function block(fields) {
    var payload = utf8.encode(JSON.stringify(fields));
    var body = base64url(payload) + "." + base64url(hmac(utf8.encode(data.token), payload));
    var lines = ["-----BEGIN CAREERNB REPLY-----"];
    for (var i = 0; i < body.length; i += 64) { lines.push(body.slice(i, i + 64)); }
    lines.push("-----END CAREERNB REPLY-----");
    return lines.join("\n");
  }

  function chosen(name) {
    var picked = form.querySelector('input[name="' + name + '"]:checked');
    return picked ? picked.value : null;
  }

  function typed(name) {
    var field = form.querySelector('[name="' + name + '"]');
    return field ? field.value : "";
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function now() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) +
      "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
  }

  function replyId() {
    var bytes = new Uint8Array(9);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return "r" + base64url(bytes).replace(/[^A-Za-z0-9]/g, "x");
  }

  var id = replyId();

  function fields() {
    var out = {
      careernb: "reply/1", person: data.person, version: data.version, reply: id, written: now(),
      changed: typed("changed"), commitments: []
    };
    data.statements.forEach(function (s) { out[s.key] = chosen("statement-" + s.key); });
    data.commitments.forEach(function (c) {
      var item = { id: c.id, note: typed("note-" + c.id) };
      item[c.asks] = chosen(c.asks + "-" + c.id);
      out.commitments.push(item);
    });
    return out;
  }

  function readable(f) {
    var lines = [data.greeting, "", data.opening, ""];
    [["theirs", data.their_heading], ["manager", data.manager_heading]].forEach(function (side) {
      var mine = data.commitments.filter(function (c) { return c.side === side[0]; });
      if (!mine.length) { return; }
      lines.push(side[1]);
      mine.forEach(function (c) {
        var item = f.commitments.filter(function (x) { return x.id === c.id; })[0];
        var said = item[c.asks] ? c.question + " " + item[c.asks] : c.question + " (not answered)";
        lines.push("- " + c.action + (c.due ? " (" + c.due + ")" : "") + ": " + said);
        if (item.note) { lines.push("  " + item.note.replace(/\n/g, "\n  ")); }
      });
      lines.push("");
    });
    lines.push(data.changed_question, f.changed || "(nothing written)", "");
    data.statements.forEach(function (s) { lines.push(s.words + " " + (f[s.key] || "(not answered)")); });
    lines.push("", data.signature, "", data.block_note, block(f), "");
    return lines.join("\n");
  }

  var status = document.getElementById("careernb-reply-status");

  function say(text) { status.textContent = text; }

  // A link clicked, not a new location: the page stays as it is whatever the mail program does.
  function follow(href, filename) {
    var link = document.createElement("a");
    link.href = href;
    if (filename) { link.download = filename; }
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  var sendButton = document.getElementById("careernb-reply-send");
  var saveButton = document.getElementById("careernb-reply-save");

  // On the report's page (data.post) the reply goes to the page itself, which keeps it for the
  // manager: no mail program, and nothing to save.
  function post() {
    sendButton.disabled = true;
    say(data.sent_note);
    fetch(data.post, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-XSRFToken": data.xsrf },
      body: JSON.stringify({ reply: readable(fields()) })
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (answer.ok && answer.body.next) { window.location.assign(answer.body.next); return; }
      say(answer.body.message || data.failed_note);
      sendButton.disabled = false;
    }).catch(function () {
      say(data.failed_note);
      sendButton.disabled = false;
    });
  }

  if (data.post) { saveButton.hidden = true; }

  sendButton.addEventListener("click", function () {
    if (data.post) { post(); return; }
    var text = readable(fields()).replace(/\n/g, "\r\n");
    follow("mailto:" + encodeURIComponent(data.to) + "?subject=" + encodeURIComponent(data.subject) +
      "&body=" + encodeURIComponent(text));
    say(data.sent_note);
  });

  saveButton.addEventListener("click", function () {
    var href = URL.createObjectURL(new Blob([readable(fields())], { type: "text/plain;charset=utf-8" }));
    follow(href, data.filename);
    setTimeout(function () { URL.revokeObjectURL(href); }, 60000);
    say(data.saved_note);
  });

  window.careernbReply = { sha256: sha256, hmac: hmac, base64url: base64url, fields: fields, readable: readable };
})();
