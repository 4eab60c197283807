// The dataset upload page: sends the chosen file in numbered chunks, with a progress bar,
// resuming after a dropped connection (it asks the server which chunks it has) and after a
// reload (choose the same file again); then follows the server joining the chunks into one
// file (the bar again) and lands on the column-mapping page (or the dataset's page when the
// file needs no mapping). Without this script the form posts the whole file.
(() => {
  const form = document.getElementById("dataset-upload-form");
  if (!form || !window.fetch || !window.Blob || !Blob.prototype.slice) return;
  const fileInput = form.querySelector("input[type=file]");
  const panel = document.getElementById("dataset-upload-progress");
  const bar = document.getElementById("dataset-upload-bar");
  const statusText = document.getElementById("dataset-upload-status");
  const problem = document.getElementById("dataset-upload-problem");
  const barLabel = panel.querySelector("[data-upload-bar-label]");
  const problemLink = problem.querySelector("[data-upload-problem-link]");
  const cancelButton = panel.querySelector("[data-upload-cancel]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const hashLimit = Number(form.dataset.hashLimit);
  const MAX_RETRIES = 8;
  const POLL_MS = Number(form.dataset.pollMs) || 1000;
  // While the server joins the chunks, and then reads the file's columns.
  const BUSY = ["joining", "uploaded"];
  let current = null; // the upload's state from the server
  let cancelled = false;

  const megabytes = (bytes) => (bytes / 1024 / 1024).toFixed(1);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const resumeKey = (file) =>
    `lcpa-dataset-upload:${form.dataset.beginUrl}:${file.name}:${file.size}:${file.lastModified}`;

  function showProblem(message, existingUrl) {
    panel.hidden = true;
    form.hidden = false;
    problem.querySelector("[data-upload-problem-text]").textContent = message;
    problemLink.hidden = !existingUrl;
    if (existingUrl) problemLink.querySelector("a").href = existingUrl;
    problem.hidden = false;
    problem.focus();
  }

  function refusal(data, fallback) {
    const error = new Error(data.error || fallback);
    error.existingUrl = data.existing_url || "";
    return error;
  }

  function showProgress(sentBytes, size, note) {
    bar.max = size;
    bar.value = sentBytes;
    const percent = size ? Math.floor((sentBytes / size) * 100) : 100;
    statusText.textContent =
      `${megabytes(sentBytes)} of ${megabytes(size)} MB sent (${percent}%).` + (note ? ` ${note}` : "");
  }

  async function post(url, fields) {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    Object.entries(fields).forEach(([name, value]) => body.append(name, value));
    const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
    return { response, data: await response.json().catch(() => ({})) };
  }

  async function sha256(file) {
    if (!window.crypto || !crypto.subtle || file.size > hashLimit) return "";
    statusText.textContent = "Checking the file…";
    const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function resumable(file) {
    const saved = localStorage.getItem(resumeKey(file));
    if (!saved) return null;
    const response = await fetch(saved, { credentials: "same-origin" }).catch(() => null);
    if (!response || !response.ok) return null;
    const state = await response.json();
    return state.status === "uploading" && state.size === file.size ? state : null;
  }

  async function begin(file) {
    const { response, data } = await post(form.dataset.beginUrl, {
      kind: form.elements.kind.value,
      name: form.elements.name.value,
      file_name: file.name,
      size: file.size,
      sha256: await sha256(file),
    });
    if (response.status !== 201) throw refusal(data, "The upload could not start.");
    localStorage.setItem(resumeKey(file), data.status_url);
    return data;
  }

  async function sendChunk(file, number) {
    const start = number * current.chunk_size;
    const response = await fetch(`${current.chunks_url}${number}/`, {
      method: "PUT",
      body: file.slice(start, Math.min(start + current.chunk_size, file.size)),
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/octet-stream" },
      credentials: "same-origin",
    });
    if (response.status >= 400 && response.status < 500) {
      const data = await response.json().catch(() => ({}));
      const refused = new Error(data.error || "The server refused part of the file.");
      refused.final = true;
      throw refused;
    }
    if (!response.ok) throw new Error("server error");
    return (await response.json()).received;
  }

  async function sendAll(file) {
    let received = new Set(current.received);
    let failures = 0;
    const sentBytes = () =>
      Array.from(received).reduce(
        (sum, n) => sum + Math.min(current.chunk_size, file.size - n * current.chunk_size),
        0,
      );
    for (let number = 0; number < current.chunk_count; number += 1) {
      if (cancelled) return false;
      if (received.has(number)) continue;
      try {
        received = new Set(await sendChunk(file, number));
        failures = 0;
        showProgress(sentBytes(), file.size);
      } catch (error) {
        if (error.final || failures >= MAX_RETRIES) throw error;
        failures += 1;
        showProgress(sentBytes(), file.size, "The connection dropped; trying again…");
        await sleep(Math.min(30000, 1000 * 2 ** failures));
        // Ask the server which chunks it has, then go on from the first one missing.
        const response = await fetch(current.status_url, { credentials: "same-origin" }).catch(() => null);
        if (response && response.ok) received = new Set((await response.json()).received);
        number = -1;
      }
    }
    return true;
  }

  async function finish(file) {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      statusText.textContent = "All parts sent; asking the server to join them…";
      const { response, data } = await post(current.finish_url, {});
      if (response.ok) return data;
      if (response.status === 409 && data.missing && data.missing.length) {
        current.received = Array.from({ length: current.chunk_count }, (_, n) => n).filter(
          (n) => !data.missing.includes(n),
        );
        if (!(await sendAll(file))) return null;
        continue;
      }
      throw refusal(data, "The file could not be checked.");
    }
    throw new Error("Parts of the file did not arrive. Upload it again.");
  }

  function showJoining(state) {
    barLabel.textContent = "Joined so far";
    bar.max = state.size;
    bar.value = state.joined_bytes;
    const percent = state.size ? Math.floor((state.joined_bytes / state.size) * 100) : 100;
    statusText.textContent =
      state.status === "joining"
        ? `Joining the file's parts: ${megabytes(state.joined_bytes)} of ${megabytes(state.size)} MB (${percent}%).`
        : "The file is joined; reading its columns…";
  }

  // Follow the server until the file is joined and its columns read; returns where to go.
  async function joined(state) {
    let failures = 0;
    while (BUSY.includes(state.status)) {
      if (cancelled) return null;
      showJoining(state);
      await sleep(POLL_MS);
      // ?joined=1: the server says "arrived" (on the next page) once the file is kept.
      const response = await fetch(`${state.status_url}?joined=1`, { credentials: "same-origin" }).catch(() => null);
      if (response && response.ok) {
        state = await response.json();
        failures = 0;
      } else if ((failures += 1) > MAX_RETRIES) {
        return state.dataset_url; // the dataset's page says how it went
      }
    }
    if (state.status === "failed" || state.status === "cancelled") {
      throw refusal({ error: state.status_message, existing_url: state.existing_url }, "The file was not kept.");
    }
    return state.mapping_url || state.dataset_url;
  }

  async function upload(file) {
    cancelled = false;
    problem.hidden = true;
    barLabel.textContent = "Sent so far";
    form.hidden = true;
    panel.hidden = false;
    showProgress(0, file.size);
    try {
      current = (await resumable(file)) || (await begin(file));
      if (!(await sendAll(file))) return;
      const done = await finish(file);
      if (!done) return;
      localStorage.removeItem(resumeKey(file));
      const next = await joined(done);
      if (next) window.location.assign(next);
    } catch (error) {
      // A lost connection (fetch's TypeError) keeps what was sent: choosing the same file
      // again goes on from there. A refusal starts over.
      if (error instanceof TypeError) {
        showProblem("The connection to the site was lost. Choose the same file again to go on where it stopped.");
      } else {
        localStorage.removeItem(resumeKey(file));
        showProblem(error.message, error.existingUrl);
      }
    }
  }

  form.addEventListener("submit", (event) => {
    const file = fileInput.files && fileInput.files[0];
    // Without a file, or a kind and a name, the form posts as it is and the page says what to fix.
    if (!file || !form.elements.kind.value || !form.elements.name.value.trim()) return;
    event.preventDefault();
    upload(file);
  });

  cancelButton.addEventListener("click", async () => {
    cancelled = true;
    if (!current) return;
    await post(current.cancel_url, { confirm: "yes" }).catch(() => null);
    const file = fileInput.files && fileInput.files[0];
    if (file) localStorage.removeItem(resumeKey(file));
    current = null;
    showProblem("You cancelled the upload. Nothing was kept.");
  });
})();
