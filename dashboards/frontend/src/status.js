// The aria-live status region: "Loading…", result counts, errors.

export function createStatus(el) {
  let timer = null;
  return {
    set(text) {
      // Clear first so the same message twice is announced twice.
      clearTimeout(timer);
      if (el.textContent === text) {
        el.textContent = '';
        timer = setTimeout(() => { el.textContent = text; }, 50);
      } else {
        el.textContent = text;
      }
      el.classList.toggle('status-error', /^error/i.test(text));
    },
  };
}
