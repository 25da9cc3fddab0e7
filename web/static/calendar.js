// The year chooser opens the chosen year at once; without this file its button does.
document.addEventListener("change", function (e) {
  if (e.target.matches("select[data-autosubmit]")) {
    e.target.form.submit();
  }
});
