// After htmx swaps in the next question, move focus to its heading so that keyboard and
// screen-reader users start at the new question (the page works without this script too).
document.addEventListener("htmx:afterSettle", function () {
  var title = document.getElementById("question-title");
  if (title) { title.focus(); }
});
