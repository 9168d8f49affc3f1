// A "Print this page" button where a page offers one; without script the browser's own
// print command does the same, and the button stays hidden.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
