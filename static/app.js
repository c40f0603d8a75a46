// Saves each answer as the user goes. Without this script every question still has a Save button.
"use strict";

(function () {
  const DEBOUNCE_MS = 700;

  function setState(form, text, kind) {
    const state = form.querySelector(".save-state");
    if (!state) return;
    state.textContent = text;
    state.classList.remove("saved", "failed");
    if (kind) state.classList.add(kind);
  }

  function describeTheirs(theirs) {
    if (!theirs) return "no answer";
    const choice = theirs.choice === "" ? "no answer" : theirs.choice === "na" ? "N/A" : theirs.choice;
    return choice + (theirs.note ? " (note: " + theirs.note + ")" : "") + " by " + (theirs.answered_by || "someone") + " at " + theirs.answered_at;
  }

  function attach(form) {
    let timer = null;
    let inFlight = false;
    let again = false;

    async function save() {
      if (inFlight) { again = true; return; }
      inFlight = true;
      setState(form, "Saving…");
      try {
        const response = await fetch(form.action, {
          method: "POST",
          headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(new FormData(form)),
          credentials: "same-origin",
        });
        const reply = await response.json().catch(() => ({}));
        const revision = form.querySelector("input[name=revision]");
        if (response.ok && reply.status === "saved") {
          revision.value = reply.revision;
          setState(form, "Saved at " + new Date().toLocaleTimeString(), "saved");
        } else if (response.status === 409 && reply.status === "conflict") {
          revision.value = reply.revision;
          form.closest(".question").classList.add("conflict");
          setState(form, "Not saved: someone else changed this answer meanwhile. Theirs: " + describeTheirs(reply.theirs) +
            ". Your version is still in the form; change anything or press Save to keep it.", "failed");
          again = false;
        } else if (reply.status === "invalid") {
          setState(form, "Not saved: " + reply.message, "failed");
        } else {
          setState(form, "Not saved (error " + response.status + "). Your input is still here; press Save to retry.", "failed");
        }
      } catch (error) {
        setState(form, "Not saved: the server could not be reached. Your input is still here; press Save to retry.", "failed");
      } finally {
        inFlight = false;
        if (again) { again = false; save(); }
      }
    }

    form.addEventListener("change", () => { clearTimeout(timer); save(); });
    form.addEventListener("input", (event) => {
      if (event.target.tagName !== "TEXTAREA") return;
      clearTimeout(timer);
      setState(form, "Editing…");
      timer = setTimeout(save, DEBOUNCE_MS);
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); save(); });
  }

  document.querySelectorAll("form.answer-form").forEach(attach);
})();
